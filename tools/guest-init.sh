#!/bin/busybox sh
# /init of hvsim's test initramfs: mount, look around, compute, power off.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
for m in /lib/modules/*.ko; do [ -f "$m" ] && insmod "$m" 2>/dev/null; done
echo "HVSIM-INIT: userspace up"
uname -a
grep -E 'processor|BogoMIPS|CPU implementer|CPU part' /proc/cpuinfo | head -8
cat /proc/interrupts | head -12
echo "HVSIM-SUM: $(seq 1 1000 | awk '{ s += $1 * $1 } END { print s }')"
if [ -b /dev/vda ]; then echo "HVSIM-DISK: $(head -c 1048576 /dev/vda | md5sum | cut -d' ' -f1)"; fi
if [ -c /dev/hwrng ]; then echo "HVSIM-RNG: $(head -c 16 /dev/hwrng | wc -c) bytes"; fi
echo "HVSIM-INIT: done"
poweroff -f
