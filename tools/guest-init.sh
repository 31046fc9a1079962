#!/bin/busybox sh
# /init of hvsim's test initramfs (built by tools/fetch-guests). What it does
# is chosen on the kernel command line:
#   hvsim.test=basic (default)  look around, compute, read a file from the
#                               virtio disk and bytes from /dev/hwrng, power off
#   hvsim.test=kexec            load the kernel and initramfs of the disk's
#                               payload and kexec into them, with hvsim.test=basic
#                               hvsim.stage=2 (their /init runs the basic test)
#   hvsim.test=shell            an interactive shell on the console
#   hvsim.test=net              load the NIC's driver, bring up eth0 (DHCP from
#                               the user-mode network, else 10.0.2.15/24), fetch
#                               hvsim.net-url with wget and print its size and
#                               sha256, then answer one connection on port
#                               hvsim.net-port (a host port forwarded to it;
#                               0: none): read a line, send back "guest got: LINE"
#   hvsim.test=perf             Linux's perf on the PMU and the debug watchpoints:
#                               user cycles and instructions of `seq 1 N` for two
#                               N, its branches and memory accesses (raw r21, r13),
#                               and a write watchpoint (mem:ADDR:w) on jiffies_64
#   hvsim.test=power            load the power button's drivers (gpio-keys or
#                               ACPI's button, evdev), wait for KEY_POWER and
#                               power off, as a distribution's init does when
#                               the button is pressed
# Every line for the tests starts with HVSIM-; the first is "HVSIM-INIT:
# userspace up" (tools/bench times the boot to it).
#
# The disk (tests/linux/run-linux-test makes it): a newc cpio archive with
# hvsim/data.bin at offset 0; for kexec, a second newc archive (Image,
# initramfs.cpio.gz) at offset $PAYLOAD_MIB MiB.
PAYLOAD_MIB=4
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
test=basic
stage=1
net_url=""
net_port=8080
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	hvsim.test=*) test=${arg#*=} ;;
	hvsim.stage=*) stage=${arg#*=} ;;
	hvsim.net-url=*) net_url=${arg#*=} ;;
	hvsim.net-port=*) net_port=${arg#*=} ;;
	esac
done
echo "HVSIM-INIT: userspace up (test $test, stage $stage)"
for m in /lib/modules/*.ko; do [ -f "$m" ] && insmod "$m" 2>/dev/null; done
# virtio-blk registers its disk asynchronously after insmod returns.
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 0.1; done

finish() {
	echo "HVSIM-INIT: done"
	poweroff -f
}

basic() {
	uname -a
	grep -E '^(processor|BogoMIPS|CPU implementer|CPU part)' /proc/cpuinfo
	echo "HVSIM-CPUS: $(grep -c ^processor /proc/cpuinfo) online $(cat /sys/devices/system/cpu/online)"
	cat /proc/interrupts
	echo "HVSIM-SUM: $(seq 1 1000 | awk '{ s += $1 * $1 } END { print s }')"
	echo "HVSIM-SEQ: $(seq 1 20000 | sha256sum | cut -d' ' -f1)"
	if [ -b /dev/vda ]; then
		mkdir -p /tmp/disk
		if (cd /tmp/disk && cpio -i -d hvsim/data.bin </dev/vda 2>/dev/null) && [ -f /tmp/disk/hvsim/data.bin ]; then
			echo "HVSIM-DISK: hvsim/data.bin $(wc -c </tmp/disk/hvsim/data.bin) $(sha256sum /tmp/disk/hvsim/data.bin | cut -d' ' -f1)"
		else
			echo "HVSIM-DISK: no hvsim/data.bin on /dev/vda"
		fi
	else
		echo "HVSIM-DISK: no /dev/vda"
	fi
	if [ -c /dev/hwrng ]; then
		echo "HVSIM-RNG: $(cat /sys/class/misc/hw_random/rng_current) $(head -c 32 /dev/hwrng | od -An -tx1 | tr -d ' \n')"
	else
		echo "HVSIM-RNG: no /dev/hwrng"
	fi
}

# udhcpc's hook: configure the lease it got (its variables: interface, ip, subnet, router).
dhcp_hook() {
	cat >/tmp/dhcp-hook <<'EOF'
#!/bin/sh
[ "$1" = bound ] || exit 0
ifconfig "$interface" "$ip" netmask "$subnet"
for r in $router; do route add default gw "$r" dev "$interface"; break; done
EOF
	chmod +x /tmp/dhcp-hook
}

net() {
	for m in failover net_failover virtio_net; do
		[ -f /lib/modules/net/$m.ko ] && insmod /lib/modules/net/$m.ko
	done
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e /sys/class/net/eth0 ] && break; sleep 0.1; done
	if [ ! -e /sys/class/net/eth0 ]; then
		echo "HVSIM-NET: FAIL no eth0"
		return
	fi
	echo "HVSIM-NET: eth0 $(cat /sys/class/net/eth0/address)"
	ifconfig lo 127.0.0.1 up
	ifconfig eth0 up
	dhcp_hook
	if udhcpc -i eth0 -s /tmp/dhcp-hook -n -q -t 5 -T 2 >/dev/null 2>&1; then
		echo "HVSIM-NET: dhcp $(ifconfig eth0 | sed -n 's/.*inet addr:\([0-9.]*\).*/\1/p')"
	else
		echo "HVSIM-NET: no DHCP lease, static 10.0.2.15/24"
		ifconfig eth0 10.0.2.15 netmask 255.255.255.0
		route add default gw 10.0.2.2 dev eth0
	fi
	if [ -n "$net_url" ]; then
		if wget -q -O /tmp/net.bin "$net_url"; then
			echo "HVSIM-NET-GET: $(wc -c </tmp/net.bin) $(sha256sum /tmp/net.bin | cut -d' ' -f1)"
		else
			echo "HVSIM-NET-GET: FAIL $net_url"
		fi
	fi
	[ "$net_port" = 0 ] && return
	cat >/tmp/answer <<'EOF'
#!/bin/sh
read -r line
echo "guest got: $line"
EOF
	chmod +x /tmp/answer
	echo "HVSIM-NET-FWD: listening on $net_port"
	nc -l -p "$net_port" -e /tmp/answer
	echo "HVSIM-NET-FWD: served"
}

# The power button (arm64: QEMU virt's gpio-keys; amd64: ACPI's PNP0C0C, the
# button driver's "Power Button"; hvsim's system_powerdown presses it): read
# the key's input events until KEY_POWER (116) goes down. An event is 24
# bytes on a 64-bit kernel (struct input_event: a 16-byte time, then u16
# type, u16 code, s32 value); EV_KEY is type 1.
power() {
	for m in evdev gpio_keys button; do
		[ -f /lib/modules/power/$m.ko ] && insmod /lib/modules/power/$m.ko
	done
	ev=""
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		for d in /sys/class/input/event*; do
			case "$(cat "$d/device/name" 2>/dev/null)" in
			gpio-keys | "Power Button") ev=/dev/input/${d##*/} ;;
			esac
		done
		[ -n "$ev" ] && [ -c "$ev" ] && break
		sleep 0.1
	done
	if [ -z "$ev" ]; then
		echo "HVSIM-POWER: FAIL no power button input device"
		return
	fi
	# Open it before saying so: evdev gives a reader only the events after its open.
	exec 3<"$ev"
	echo "HVSIM-POWER: waiting for the power button on $ev"
	while :; do
		set -- $(dd bs=24 count=1 <&3 2>/dev/null | od -An -tu2 -j16)
		[ "$1" = 1 ] && [ "$2" = 116 ] && [ "$3" = 1 ] && break
	done
	exec 3<&-
	echo "HVSIM-POWER: KEY_POWER pressed, powering off"
}

# perf_stat NAME PERF-ARGS...: one HVSIM-PERF line per event, "NAME EVENT COUNT"
# (perf stat -x, prints "count,unit,event,..."; "<not counted>" and
# "<not supported>" stand for no count).
perf_stat() {
	local name=$1
	shift
	if ! perf stat -x, -o /tmp/perf.out "$@" >/dev/null 2>/tmp/perf.err; then
		echo "HVSIM-PERF: FAIL $name: $(tail -2 /tmp/perf.err | tr '\n' ' ')"
		return
	fi
	grep -v '^#' /tmp/perf.out | grep , | awk -F, -v n="$name" '{ print "HVSIM-PERF: " n " " $3 " " $1 }'
}

perf_test() {
	# Root may count the kernel and every CPU, and read kernel addresses.
	echo -1 >/proc/sys/kernel/perf_event_paranoid
	echo 0 >/proc/sys/kernel/kptr_restrict
	echo "HVSIM-PERF: $(perf --version 2>&1)"
	for n in 10000 20000; do perf_stat "seq$n" -e cycles:u,instructions:u -- seq 1 $n; done
	# Branches (BR_RETIRED, raw r21) and memory accesses (MEM_ACCESS, r13) of
	# the same seq, with its instructions, in one group.
	perf_stat brmem -e '{instructions:u,r21:u,r13:u}' -- seq 1 10000
	# jiffies_64 is written at every tick (arch_timer): a watchpoint on it
	# over a sleep must count, through the arm64 hw_breakpoint driver.
	addr=$(sed -n 's/^\([0-9a-f]*\) [A-Za-z] jiffies_64$/\1/p' /proc/kallsyms | head -1)
	echo "HVSIM-PERF: jiffies_64 at 0x$addr"
	perf_stat watch -a -e "mem:0x$addr:w" -- sleep 0.2
}

case "$test" in
power)
	power
	finish
	;;
perf)
	perf_test
	finish
	;;
basic)
	basic
	finish
	;;
kexec)
	mkdir -p /payload
	if ! dd if=/dev/vda bs=1M skip=$PAYLOAD_MIB 2>/dev/null | (cd /payload && cpio -i -d 2>/dev/null) ||
	   [ ! -f /payload/Image ] || [ ! -f /payload/initramfs.cpio.gz ]; then
		echo "HVSIM-KEXEC: FAIL no payload at $PAYLOAD_MIB MiB on /dev/vda"
		finish
	fi
	args=""
	for arg in $(cat /proc/cmdline); do
		case "$arg" in hvsim.test=*|hvsim.stage=*) ;; *) args="$args $arg" ;; esac
	done
	args="${args# } hvsim.test=basic hvsim.stage=$((stage + 1))"
	if kexec -l /payload/Image --initrd=/payload/initramfs.cpio.gz --append="$args"; then
		echo "HVSIM-KEXEC: loaded, append: $args"
		kexec -e
	fi
	echo "HVSIM-KEXEC: FAIL"
	finish
	;;
net)
	net
	finish
	;;
shell)
	echo "HVSIM-INIT: shell ('poweroff -f' to leave)"
	setsid cttyhack sh
	finish
	;;
*)
	echo "HVSIM-INIT: FAIL unknown hvsim.test=$test"
	finish
	;;
esac
