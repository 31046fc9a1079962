/*
 * Fuzz the user device-tree path (-dtb): machine_user_fdt checks a blob,
 * then writes the command line and initrd into /chosen.
 *
 * Input: one flags byte (bit 0 a command line, bit 1 an initrd, bit 2 a
 * small output buffer), then if bit 0 a length byte and the command line,
 * then the blob. A blob that is accepted must come out a valid tree whose
 * /chosen says what was asked.
 */
#include <libfdt.h>
#include <string.h>

#include "machine/arm64_virt.h"
#include "tests/fuzz/fuzz.h"

#define OUT_BIG (256u << 10)
#define OUT_SMALL 4096u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[OUT_BIG];
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_u8(&in);
	char cmdline[256];
	const char *cmd = NULL;
	if (flags & 1) {
		size_t n = fuzz_u8(&in);
		for (size_t i = 0; i < n; i++)
			cmdline[i] = (char)(fuzz_u8(&in) ?: 'x');   /* no NUL inside */
		cmdline[n] = 0;
		cmd = cmdline;
	}
	uint64_t initrd_start = flags & 2 ? 0x48000000 : 0, initrd_end = flags & 2 ? 0x48100000 : 0;
	size_t out_size = flags & 4 ? OUT_SMALL : OUT_BIG;

	/* An exact-size copy, so that a read past the blob is seen. */
	uint8_t *blob = malloc(in.n ? in.n : 1);
	FUZZ_CHECK(blob != NULL);
	memcpy(blob, in.p, in.n);
	char err[200] = "";
	int n = machine_user_fdt(blob, in.n, out, out_size, cmd, initrd_start, initrd_end, err,
				 sizeof(err));
	if (n < 0) {
		FUZZ_CHECK(err[0] != 0);
	} else {
		FUZZ_CHECK((size_t)n <= out_size && fdt_totalsize(out) == (uint32_t)n);
		FUZZ_CHECK(fdt_check_header(out) == 0);
		int chosen = fdt_path_offset(out, "/chosen");
		FUZZ_CHECK(chosen >= 0);
		int len;
		const char *args = fdt_getprop(out, chosen, "bootargs", &len);
		if (cmd)
			FUZZ_CHECK(args && len == (int)strlen(cmd) + 1 && !memcmp(args, cmd, (size_t)len));
		if (initrd_end) {
			const void *p = fdt_getprop(out, chosen, "linux,initrd-start", &len);
			fdt64_t start;
			FUZZ_CHECK(p && len == 8);
			memcpy(&start, p, 8);   /* properties are only 4-byte aligned */
			FUZZ_CHECK(fdt64_to_cpu(start) == initrd_start);
		}
		/* Every node of the result can be walked. */
		int node = 0, depth = 0;
		while (node >= 0 && depth >= 0) {
			FUZZ_CHECK(fdt_get_name(out, node, NULL) != NULL);
			node = fdt_next_node(out, node, &depth);
		}
	}
	free(blob);
	return 0;
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	/* The tree hvsim generates for its own board, with and without /chosen's extras. */
	struct hvsim_config cfg = { .machine = "arm64-virt", .ram_bytes = 64ull << 20, .smp = 2 };
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	FUZZ_CHECK(vm != NULL);
	static uint64_t tree[8192];   /* libfdt wants its blob aligned */
	int n = arm64_virt_build_fdt(vm, tree, sizeof(tree), "earlycon", 0x44000000, 0x44001000);
	FUZZ_CHECK(n > 0);
	static uint8_t seed[17 + sizeof(tree)];
	seed[0] = 3;
	seed[1] = 15;
	memcpy(seed + 2, "console=ttyAMA0", 15);
	memcpy(seed + 17, tree, (size_t)n);
	emit("virt-cmdline-initrd", seed, 17 + (size_t)n);
	seed[16] = 0;   /* the byte before the blob becomes flags 0: the blob alone */
	emit("virt-plain", seed + 16, 1 + (size_t)n);
	hvsim_vm_destroy(vm);

	/* A minimal tree with no /chosen: the path that adds it. */
	FUZZ_CHECK(fdt_create_empty_tree(tree, 256) == 0 && fdt_pack(tree) == 0);
	n = (int)fdt_totalsize(tree);
	seed[0] = 1 | 4;   /* an empty command line, the small output buffer */
	seed[1] = 0;
	memcpy(seed + 2, tree, (size_t)n);
	emit("empty-tree", seed, 2 + (size_t)n);

	/*
	 * Found by this harness: a header that passes fdt_check_header, with a
	 * reserve map (at 0x28) that has no terminating entry inside the blob.
	 * libfdt 1.6.1's fdt_open_into then memmoves a negative length.
	 */
	static const uint8_t rsvmap_overrun[] = {
		5, 0,                                            /* flags, empty command line */
		0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 0x48, 0, 0, 0, 0x38, 0, 0, 0, 0x48,
		0, 0, 0, 0x28, 0, 0, 0, 0x11, 0, 0, 0, 0x10, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0, 0, 0, 2, 0, 0, 0, 9,
	};
	emit("regress-rsvmap-overrun", rsvmap_overrun, sizeof(rsvmap_overrun));

	/* Found by this harness: a version 13 tree, on which libfdt 1.6.1's fdt_check_full crashes. */
	static const uint8_t version13[] = {
		0,                                               /* flags */
		0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 0x48, 0, 0, 0, 0x38, 0, 0, 0, 0x48,
		0, 0, 0, 0x28, 0, 0, 0, 0x0d, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x40,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0,
		0x09, 0, 0x02, 0x38, 0, 0, 0, 0, 0,
	};
	emit("regress-version13", version13, sizeof(version13));
}
