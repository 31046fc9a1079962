#!/bin/busybox sh
# /snp-report of snp.cpio.gz (tools/fetch-guests, amd64), the /init of the
# SEV-SNP attestation test: the kernel runs it instead of the initramfs'
# /init when the command line says rdinit=/snp-report, so the guests that
# boot without snp.cpio.gz boot exactly as before.
#
# It loads Linux's sev-guest driver (configfs, tsm_report, sev-guest), asks
# for two attestation reports through configfs-tsm
# (Documentation/ABI/testing/configfs-tsm-report: a report directory,
# inblob = REPORT_DATA, outblob = the report, provider, generation,
# privlevel_floor) and prints each report in hex for the host to check
# (tests/linux/snp-guest: fields, measurement, signature). busybox only.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "HVSIM-INIT: userspace up (test snp-report, stage 1)"
# modules.dep's order: configfs, then tsm_report, then sev-guest.
for m in configfs tsm_report sev-guest; do
	insmod /lib/modules/snp/$m.ko || echo "HVSIM-SNP: FAIL insmod $m"
done
[ -c /dev/sev-guest ] && echo "HVSIM-SNP: /dev/sev-guest" || echo "HVSIM-SNP: FAIL no /dev/sev-guest"
mount -t configfs configfs /sys/kernel/config
# One report directory, two requests: each write of inblob makes the next
# read of outblob a new request, and generation counts the writes.
d=/sys/kernel/config/tsm/report/hvsim
if mkdir $d; then
	echo "HVSIM-SNP: provider $(cat $d/provider) privlevel_floor $(cat $d/privlevel_floor)"
	n=0
	for data in "hvsim SNP attestation report, first request; 64 bytes of data..." \
		    "hvsim SNP attestation report, second request: its own data!....."; do
		n=$((n + 1))
		printf %s "$data" >$d/inblob || echo "HVSIM-SNP: FAIL $n inblob"
		if cat $d/outblob >/tmp/report$n.bin 2>/tmp/report.err; then
			echo "HVSIM-SNP: $n generation $(cat $d/generation) size $(wc -c </tmp/report$n.bin)"
			echo "HVSIM-SNP-REPORT: $n $(od -An -v -tx1 /tmp/report$n.bin | tr -d ' \n')"
		else
			echo "HVSIM-SNP: FAIL $n outblob: $(cat /tmp/report.err)"
		fi
	done
	rmdir $d
else
	echo "HVSIM-SNP: FAIL mkdir $d"
fi
echo "HVSIM-INIT: done"
poweroff -f
