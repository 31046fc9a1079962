/*
 * The SNP firmware model (hv/sev_firmware.c) seen from the guest's side,
 * written independently of it: the test reads the VMPCKs from the secrets
 * page, seals requests and opens responses with its own OpenSSL calls (as
 * Linux's sev-guest driver does with its AES-GCM library), verifies report
 * signatures with OpenSSL's ECDSA and the published public key, and checks
 * the CPUID table with the rules Linux's snp_cpuid applies
 * (arch/x86/boot/startup/sev-shared.c). Every refusal of SNP_GUEST_REQUEST
 * is played, and the sequence numbers after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "hv/sev_firmware.h"

/* ---- little-endian reads, the guest's own ---- */

static uint32_t rd32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr16(uint8_t *p, uint16_t v) { p[0] = v & 0xff; p[1] = v >> 8; }
static void wr32(uint8_t *p, uint32_t v) { wr16(p, v & 0xffff); wr16(p + 2, v >> 16); }
static void wr64(uint8_t *p, uint64_t v) { wr32(p, (uint32_t)v); wr32(p + 4, v >> 32); }

static void unhex(const char *h, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned b;
		assert_int_equal(sscanf(h + 2 * i, "%2x", &b), 1);
		out[i] = (uint8_t)b;
	}
}

/* ---- CC blob ---- */

static void test_cc_blob(void **state)
{
	uint8_t blob[SNP_CC_BLOB_SIZE];
	memset(blob, 0xee, sizeof(blob));
	snp_cc_blob_build(blob, 0x7000, 0x8000);
	assert_memory_equal(blob, "AMDE", 4);                 /* the magic Linux checks */
	assert_int_equal(blob[4] | blob[5] << 8, 1);          /* version */
	assert_int_equal(rd64(blob + 8), 0x7000);             /* secrets_phys */
	assert_int_equal(rd32(blob + 16), 4096);              /* secrets_len: exactly a page */
	assert_int_equal(rd64(blob + 24), 0x8000);            /* cpuid_phys */
	assert_int_equal(rd32(blob + 32), 4096);              /* cpuid_len */
	assert_int_equal(rd32(blob + 20) | rd32(blob + 36) | blob[6] | blob[7], 0);
}

/* The setup_data entry Linux's find_cc_blob_setup_data walks to. */
static void test_cc_setup_data(void **state)
{
	uint8_t e[SNP_CC_SETUP_DATA_SIZE];
	assert_true(snp_cc_setup_data_build(e, 0x9000, 0x7f000));
	assert_int_equal(rd64(e), 0x9000);                     /* next */
	assert_int_equal(rd32(e + 8), 7);                      /* SETUP_CC_BLOB */
	assert_int_equal(rd32(e + 12), 4);                     /* len */
	assert_int_equal(rd32(e + 16), 0x7f000);               /* cc_blob_address */
	assert_false(snp_cc_setup_data_build(e, 0, 0x100000000ull));
}

/* ---- CPUID table ---- */

/* A small AMD CPU: x87, SSE, AVX, PKRU in XCR0; CET_U in XSS; XSAVEC/XSAVES. */
#define FAKE_XCR0 0x207ull
#define FAKE_XSS 0x800ull

static uint32_t fake_xsave_std(uint64_t xcr0)
{
	return xcr0 & 0x200 ? 0x988 : xcr0 & 4 ? 0x340 : 0x240;
}

static void fake_cpu(void *opaque, uint32_t fn, uint32_t index, uint64_t xcr0, uint64_t xss,
		     uint32_t out[4])
{
	int *calls = opaque;
	++*calls;
	switch (fn) {
	case 0x0: out[0] = 0xd; out[1] = 0x68747541; out[2] = 0x444d4163; out[3] = 0x69746e65; break;
	case 0x1: out[0] = 0x00a00f11; out[1] = 0x00020800; out[2] = 0x76f8320b; out[3] = 0x178bfbff; break;
	case 0x7:
		if (index == 0) { out[0] = 1; out[1] = 0x219c07ab; out[2] = 0x0040068c; }
		else if (index == 1) out[0] = 0x20;
		break;
	case 0xb:
		if (index == 0) { out[0] = 1; out[1] = 1; out[2] = 0x100; }
		else if (index == 1) { out[0] = 1; out[1] = 2; out[2] = 0x201; }
		else out[2] = index;  /* level type 0: the end */
		break;
	case 0xd:
		if (index == 0) { out[0] = (uint32_t)FAKE_XCR0; out[1] = fake_xsave_std(xcr0); out[2] = 0x988; }
		else if (index == 1) { out[0] = 0xf; out[1] = 0x240; out[2] = (uint32_t)FAKE_XSS; }
		else if (index == 2) { out[0] = 256; out[1] = 576; }
		else if (index == 9) { out[0] = 8; out[1] = 0x980; }
		else if (index == 11) { out[0] = 16; out[2] = 1; }
		break;
	case 0x40000000: out[0] = 0x40000001; out[1] = 0x4b4d564b; out[2] = 0x564b4d56; out[3] = 0x4d; break;
	case 0x40000001: out[0] = 0x01007afb; break;
	case 0x80000000: out[0] = 0x8000001f; out[1] = 0x68747541; break;
	case 0x80000001: out[0] = 0x00a00f11; out[2] = 0x75c237ff; out[3] = 0x2fd3fbff; break;
	case 0x80000008: out[0] = 0x3030; break;
	case 0x8000001d:
		if (index < 2) { out[0] = 0x121 + index; out[1] = 0x1c0003f; out[2] = 0x3f; }
		break;
	case 0x8000001f: out[0] = 0x1a | 1; out[1] = 0x40 | 51; out[2] = 16; break;
	}
}

struct cpuid_entry { uint32_t fn, index; uint64_t xcr0, xss; uint32_t r[4]; };

static struct cpuid_entry entry(const uint8_t *page, unsigned i)
{
	const uint8_t *e = page + 16 + 48 * i;
	struct cpuid_entry x = { rd32(e), rd32(e + 4), rd64(e + 8), rd64(e + 16),
				 { rd32(e + 24), rd32(e + 28), rd32(e + 32), rd32(e + 36) } };
	return x;
}

static bool indexed(uint32_t fn)
{
	static const uint32_t fns[] = { 4, 7, 0xb, 0xd, 0xf, 0x10, 0x12, 0x14, 0x17, 0x18,
					0x1d, 0x1e, 0x1f, 0x24, 0x8000001d };
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (fns[i] == fn)
			return true;
	return false;
}

/* Linux's lookup: the first entry for fn (and index, if indexed); 0xD 0/1 only legacy. */
static bool lookup(const uint8_t *page, uint32_t fn, uint32_t index, uint32_t r[4])
{
	for (unsigned i = 0; i < rd32(page); i++) {
		struct cpuid_entry e = entry(page, i);
		if (e.fn != fn || (indexed(fn) && e.index != index))
			continue;
		if (fn == 0xd && index < 2 && (!(e.xcr0 == 1 || e.xcr0 == 3) || e.xss))
			continue;
		memcpy(r, e.r, sizeof(e.r));
		return true;
	}
	memset(r, 0, 4 * sizeof(*r));
	return false;
}

/* The XSAVE size Linux computes from the table for the enabled features; 0: it refuses. */
static uint32_t linux_xsave_size(const uint8_t *page, uint64_t enabled, bool compacted)
{
	uint64_t found = 0;
	uint32_t size = 0x240;
	for (unsigned i = 0; i < rd32(page); i++) {
		struct cpuid_entry e = entry(page, i);
		if (e.fn != 0xd || e.index < 2 || e.index > 63 || !(enabled >> e.index & 1) ||
		    (found >> e.index & 1))
			continue;
		found |= 1ull << e.index;
		if (compacted)
			size += e.r[0];
		else if (e.r[0] + e.r[1] > size)
			size = e.r[0] + e.r[1];
	}
	return found == (enabled & ~3ull) ? size : 0;
}

static void test_cpuid_table_linux_accepts(void **state)
{
	static uint8_t page[SNP_PAGE_SIZE];
	int calls = 0;
	memset(page, 0xcc, sizeof(page));
	int n = snp_cpuid_table_build(page, fake_cpu, &calls);
	assert_true(n > 0 && n <= 64);
	assert_int_equal(rd32(page), n);
	assert_int_equal(rd32(page + 4) | rd64(page + 8), 0);
	for (size_t i = 16 + 48 * (size_t)n; i < sizeof(page); i++)
		assert_int_equal(page[i], 0);

	uint32_t r[4];
	/* setup_cpuid_table's range maxima, and the leaves sev_enable checks. */
	assert_true(lookup(page, 0, 0, r) && r[0] == 0xd);
	assert_true(lookup(page, 0x40000000, 0, r) && r[0] == 0x40000001);
	assert_true(lookup(page, 0x80000000, 0, r) && r[0] >= 0x8000001f);
	assert_true(lookup(page, 0x8000001f, 0, r) && (r[0] & 2) && (r[1] & 0x3f) == 51);
	/* Indexed leaves: every subleaf the CPU has, none past the end marker. */
	assert_true(lookup(page, 7, 1, r) && r[0] == 0x20);
	assert_true(lookup(page, 0xb, 1, r) && r[2] == 0x201);
	assert_false(lookup(page, 0xb, 2, r));
	assert_true(lookup(page, 0x8000001d, 1, r) && r[0] == 0x122);
	assert_false(lookup(page, 0x8000001d, 2, r));
	/* All-zero leaves inside a range are left out (Linux reads them as zero). */
	assert_false(lookup(page, 0x2, 0, r));
	/* No (fn, index, xcr0, xss) twice. */
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++) {
			struct cpuid_entry a = entry(page, i), b = entry(page, j);
			assert_false(a.fn == b.fn && a.index == b.index && a.xcr0 == b.xcr0 &&
				     a.xss == b.xss);
		}

	/* 0xD: the legacy subleaves 0 and 1, and compaction offered. */
	assert_true(lookup(page, 0xd, 0, r) && r[0] == FAKE_XCR0 && r[1] == 0x240);
	assert_true(lookup(page, 0xd, 1, r) && (r[0] & (2 | 8)));
	/* snp_cpuid_postprocess: sizes for every XCR0/XSS the guest can enable. */
	assert_int_equal(linux_xsave_size(page, 0x3, false), 0x240);
	assert_int_equal(linux_xsave_size(page, 0x7, false), 0x340);
	assert_int_equal(linux_xsave_size(page, FAKE_XCR0, false), 0x988);
	assert_int_equal(linux_xsave_size(page, FAKE_XCR0 | FAKE_XSS, true), 0x240 + 256 + 8 + 16);
	/* A feature the CPU lacks has no entry: Linux refuses it, as it should. */
	assert_int_equal(linux_xsave_size(page, FAKE_XCR0 | 0x20, false), 0);
}

/* A CPU with more leaves than the firmware's 64: no table. */
static void many_leaves(void *opaque, uint32_t fn, uint32_t index, uint64_t xcr0, uint64_t xss,
			uint32_t out[4])
{
	out[0] = fn == 0 ? 0x60 : fn == 0x80000000 ? 0x80000000 : fn + 1;
	out[1] = index;
}

static void test_cpuid_table_too_big(void **state)
{
	static uint8_t page[SNP_PAGE_SIZE];
	memset(page, 0xcc, sizeof(page));
	assert_int_equal(snp_cpuid_table_build(page, many_leaves, NULL), -1);
	for (size_t i = 0; i < sizeof(page); i++)
		assert_int_equal(page[i], 0);
}

/* ---- The secrets page ---- */

static const struct snp_fw_config config = {
	.seed = 42, .policy = 0x30000, .guest_svn = 3,
	.family_id = "hvsim-family", .image_id = "hvsim-image",
	.host_data = "host data: 32 bytes of whatever", .tcb = 0x1800000000000004ull,
	.cpuid_fms = 0x00a10f12,          /* family 0xf + 0xa, model 0x11, stepping 2 */
};

#define VMPCK(page, i) ((page) + 0x20 + 32 * (i))

static void test_secrets_page(void **state)
{
	static uint8_t a[SNP_PAGE_SIZE], b[SNP_PAGE_SIZE], c[SNP_PAGE_SIZE];
	struct snp_fw *fw = snp_fw_new(&config), *same = snp_fw_new(&config);
	struct snp_fw_config other = config;
	other.seed = 43;
	struct snp_fw *diff = snp_fw_new(&other);
	assert_non_null(fw);
	snp_fw_secrets_page(fw, a, NULL);
	snp_fw_secrets_page(same, b, NULL);
	snp_fw_secrets_page(diff, c, NULL);
	assert_int_equal(rd32(a), 3);                          /* version */
	assert_int_equal(rd32(a + 8), 0x00a10f12);             /* FMS */
	assert_memory_equal(a, b, sizeof(a));                  /* same seed, same keys */
	for (int i = 0; i < 4; i++) {
		assert_memory_not_equal(VMPCK(a, i), VMPCK(c, i), 32);
		assert_memory_equal(VMPCK(a, i), snp_fw_vmpck(fw, i), 32);
		for (int j = 0; j < i; j++)
			assert_memory_not_equal(VMPCK(a, i), VMPCK(a, j), 32);
	}
	for (size_t i = 0xa0; i < sizeof(a); i++)              /* OS area, SVSM fields: zero */
		assert_int_equal(a[i], 0);

	struct snp_svsm_info svsm = { .base = 0x1000000, .size = 0x400000, .caa = 0x1401000,
				      .max_version = 1, .guest_vmpl = 2 };
	snp_fw_secrets_page(fw, b, &svsm);
	assert_memory_equal(a, b, 0x20);
	for (int i = 0; i < 64; i++)                           /* VMPCK0-1: not the guest's */
		assert_int_equal(b[0x20 + i], 0);
	assert_memory_equal(a + 0x60, b + 0x60, 0x140 - 0x60); /* VMPCK2-3, the OS area */
	assert_int_equal(rd64(b + 0x140), 0x1000000);          /* svsm_base */
	assert_int_equal(rd64(b + 0x148), 0x400000);           /* svsm_size */
	assert_int_equal(rd64(b + 0x150), 0x1401000);          /* svsm_caa */
	assert_int_equal(rd32(b + 0x158), 1);                  /* svsm_max_version */
	assert_int_equal(b[0x15c], 2);                         /* svsm_guest_vmpl */
	for (size_t i = 0x15d; i < sizeof(b); i++)
		assert_int_equal(b[i], 0);
	snp_fw_free(fw);
	snp_fw_free(same);
	snp_fw_free(diff);
}

/* ---- The signer against RFC 6979 A.2.6 (P-384, SHA-384) ---- */

static void check_rfc6979(const char *msg, const char *r_hex, const char *s_hex)
{
	uint8_t d[48], digest[48], r[48], s[48], want_r[48], want_s[48];
	unsigned len;
	unhex("6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D8"
	      "96D5724E4C70A825F872C9EA60D2EDF5", d, 48);
	unhex(r_hex, want_r, 48);
	unhex(s_hex, want_s, 48);
	assert_true(EVP_Digest(msg, strlen(msg), digest, &len, EVP_sha384(), NULL));
	assert_true(snp_ecdsa_p384_sign(d, digest, r, s));
	assert_memory_equal(r, want_r, 48);
	assert_memory_equal(s, want_s, 48);
}

static void test_ecdsa_rfc6979(void **state)
{
	check_rfc6979("sample",
		      "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C"
		      "81A648152E44ACF96E36DD1E80FABE46",
		      "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94F"
		      "A329C145786E679E7B82C71A38628AC8");
	check_rfc6979("test",
		      "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB"
		      "0542A7F0812998DA8F1DD3CA3CF023DB",
		      "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E0"
		      "6A739F040649A667BF3B828246BAA5A5");
}

/* ---- Guest messages, played as the sev-guest driver plays them ---- */

struct guest {
	struct snp_fw *fw;
	uint8_t secrets[SNP_PAGE_SIZE];
	uint8_t req[SNP_PAGE_SIZE], resp[SNP_PAGE_SIZE];
	uint64_t seq[4];                  /* the guest's own count: the next request's number - 1 */
};

static struct guest *guest_new(void)
{
	struct guest *g = calloc(1, sizeof(*g));
	g->fw = snp_fw_new(&config);
	assert_non_null(g->fw);
	uint8_t digest[48];
	for (int i = 0; i < 48; i++)
		digest[i] = (uint8_t)(0xa0 + i);
	snp_fw_set_measurement(g->fw, digest);
	snp_fw_secrets_page(g->fw, g->secrets, NULL);
	return g;
}

static void guest_free(struct guest *g)
{
	snp_fw_free(g->fw);
	free(g);
}

/* The IV: the sequence number, little-endian, zero-padded to 12 bytes. */
static void iv_of(uint64_t seq, uint8_t iv[12])
{
	memset(iv, 0, 12);
	wr64(iv, seq);
}

/* Write a request: header (type, VMPCK, sequence number) and the sealed payload. */
static void seal(struct guest *g, const uint8_t key[32], unsigned vmpck, uint64_t seq,
		 uint8_t type, const uint8_t *payload, uint16_t len)
{
	uint8_t *m = g->req, iv[12];
	memset(m, 0, SNP_PAGE_SIZE);
	wr64(m + 0x20, seq);
	m[0x30] = 1;            /* AES-256-GCM */
	m[0x31] = 1;            /* header version */
	wr16(m + 0x32, 0x60);
	m[0x34] = type;
	m[0x35] = 1;
	wr16(m + 0x36, len);
	m[0x3c] = (uint8_t)vmpck;
	iv_of(seq, iv);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;
	assert_true(EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv));
	assert_true(EVP_EncryptUpdate(c, NULL, &n, m + 0x30, 48));
	assert_true(EVP_EncryptUpdate(c, m + 0x60, &n, payload, len));
	assert_true(EVP_EncryptFinal_ex(c, m + 0x60 + n, &n));
	assert_true(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, m));
	EVP_CIPHER_CTX_free(c);
}

/* Check the response header as the driver does, and open it; returns the payload size. */
static uint16_t open_resp(struct guest *g, unsigned vmpck, uint64_t req_seq, uint8_t type,
			  uint8_t *out)
{
	const uint8_t *m = g->resp;
	uint8_t iv[12];
	assert_int_equal(rd64(m + 0x20), req_seq + 1);
	assert_int_equal(m[0x30], 1);
	assert_int_equal(m[0x31], 1);
	assert_int_equal(m[0x32] | m[0x33] << 8, 0x60);
	assert_int_equal(m[0x34], type + 1);
	assert_int_equal(m[0x35], 1);
	assert_int_equal(m[0x3c], vmpck);
	uint16_t len = m[0x36] | m[0x37] << 8;
	assert_true(len <= SNP_PAGE_SIZE - 0x60);
	iv_of(req_seq + 1, iv);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;
	assert_true(EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, VMPCK(g->secrets, vmpck), iv));
	assert_true(EVP_DecryptUpdate(c, NULL, &n, m + 0x30, 48));
	assert_true(EVP_DecryptUpdate(c, out, &n, m + 0x60, len));
	assert_true(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, (void *)m));
	assert_int_equal(EVP_DecryptFinal_ex(c, out + n, &n), 1);
	EVP_CIPHER_CTX_free(c);
	return len;
}

/* One exchange with the guest's next sequence number; returns the firmware status. */
static uint32_t exchange(struct guest *g, unsigned vmpck, uint8_t type, const uint8_t *payload,
			 uint16_t len)
{
	return snp_fw_guest_request(g->fw, (seal(g, VMPCK(g->secrets, vmpck), vmpck,
						 g->seq[vmpck] + 1, type, payload, len),
					    g->req),
				    g->resp);
}

static void report_req(uint8_t req[0x60], unsigned vmpl, uint8_t fill)
{
	memset(req, 0, 0x60);
	memset(req, fill, 64);
	wr32(req + 0x40, vmpl);
}

/* The report's signature, checked with OpenSSL's ECDSA and the firmware's public key. */
static bool signature_valid(const struct snp_fw *fw, const uint8_t *rep)
{
	uint8_t pub[SNP_SIGNING_PUB_LEN], *der = NULL;
	snp_fw_signing_pub(fw, pub);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-384", 0);
	OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub));
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;
	assert_int_equal(EVP_PKEY_fromdata_init(pctx), 1);
	assert_int_equal(EVP_PKEY_fromdata(pctx, &key, EVP_PKEY_PUBLIC_KEY, params), 1);
	/* R and S: 72 bytes each, little-endian (56860's signature format). */
	ECDSA_SIG *sig = ECDSA_SIG_new();
	ECDSA_SIG_set0(sig, BN_lebin2bn(rep + 0x2a0, 72, NULL), BN_lebin2bn(rep + 0x2e8, 72, NULL));
	int der_len = i2d_ECDSA_SIG(sig, &der);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestVerifyInit(md, NULL, EVP_sha384(), NULL, key), 1);
	bool ok = EVP_DigestVerify(md, der, der_len, rep, 0x2a0) == 1;
	EVP_MD_CTX_free(md);
	OPENSSL_free(der);
	ECDSA_SIG_free(sig);
	EVP_PKEY_free(key);
	EVP_PKEY_CTX_free(pctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return ok;
}

static void test_report(void **state)
{
	struct guest *g = guest_new();
	uint8_t req[0x60], out[SNP_PAGE_SIZE];
	report_req(req, 0, 0x5a);
	assert_int_equal(exchange(g, 0, 5, req, sizeof(req)), 0);
	assert_int_equal(open_resp(g, 0, 1, 5, out), 0x4c0);
	g->seq[0] = 2;
	assert_int_equal(rd32(out), 0);                        /* status */
	assert_int_equal(rd32(out + 4), 0x4a0);                /* report size */
	const uint8_t *rep = out + 0x20;
	assert_int_equal(rd32(rep + 0x00), 3);                 /* version */
	assert_int_equal(rd32(rep + 0x04), 3);                 /* guest SVN */
	assert_int_equal(rd64(rep + 0x08), 0x30000);           /* policy */
	assert_memory_equal(rep + 0x10, config.family_id, 16);
	assert_memory_equal(rep + 0x20, config.image_id, 16);
	assert_int_equal(rd32(rep + 0x30), 0);                 /* VMPL */
	assert_int_equal(rd32(rep + 0x34), 1);                 /* ECDSA P-384 with SHA-384 */
	assert_int_equal(rd64(rep + 0x38), config.tcb);
	for (int i = 0; i < 64; i++)
		assert_int_equal(rep[0x50 + i], 0x5a);         /* REPORT_DATA echoed */
	for (int i = 0; i < 48; i++)
		assert_int_equal(rep[0x90 + i], 0xa0 + i);     /* MEASUREMENT: the launch digest */
	assert_memory_equal(rep + 0xc0, config.host_data, 32);
	assert_int_equal(rd64(rep + 0x180), config.tcb);       /* REPORTED_TCB */
	assert_int_equal(rep[0x188], 0x19);                    /* CPUID_FAM_ID */
	assert_int_equal(rep[0x189], 0x11);                    /* CPUID_MOD_ID */
	assert_int_equal(rep[0x18a], 2);                       /* CPUID_STEP */
	assert_true(signature_valid(g->fw, rep));

	/* A changed byte breaks the signature. */
	uint8_t forged[0x4a0];
	memcpy(forged, rep, sizeof(forged));
	forged[0x30] = 1;
	assert_false(signature_valid(g->fw, forged));

	/* The next request, VMPL 3 from VMPCK 0, different data. */
	report_req(req, 3, 0x11);
	assert_int_equal(exchange(g, 0, 5, req, sizeof(req)), 0);
	uint8_t out2[SNP_PAGE_SIZE];
	open_resp(g, 0, 3, 5, out2);
	g->seq[0] = 4;
	assert_int_equal(rd32(out2 + 0x20 + 0x30), 3);
	assert_true(signature_valid(g->fw, out2 + 0x20));
	assert_memory_equal(out2 + 0x20 + 0x1a0, rep + 0x1a0, 64);   /* same chip id */
	assert_int_equal(snp_fw_seqno(g->fw, 0), 4);
	assert_int_equal(snp_fw_stats(g->fw)->reports, 2);
	assert_int_equal(snp_fw_stats(g->fw)->keys + snp_fw_stats(g->fw)->refused, 0);
	guest_free(g);
}

/* Request and response in one page: answered in place, counted as a report. */
static void test_report_in_place(void **state)
{
	struct guest *g = guest_new();
	uint8_t req[0x60], out[SNP_PAGE_SIZE];
	report_req(req, 0, 0x33);
	seal(g, VMPCK(g->secrets, 0), 0, 1, 5, req, sizeof(req));
	assert_int_equal(snp_fw_guest_request(g->fw, g->req, g->req), 0);
	memcpy(g->resp, g->req, SNP_PAGE_SIZE);
	assert_int_equal(open_resp(g, 0, 1, 5, out), 0x4c0);
	assert_int_equal(out[0x20 + 0x50], 0x33);
	assert_int_equal(snp_fw_stats(g->fw)->reports, 1);
	assert_int_equal(snp_fw_stats(g->fw)->keys, 0);
	guest_free(g);
}

/* The same run gives the same report, byte for byte (deterministic signature). */
static void test_report_deterministic(void **state)
{
	struct guest *a = guest_new(), *b = guest_new();
	uint8_t req[0x60];
	report_req(req, 1, 0x77);
	assert_int_equal(exchange(a, 1, 5, req, sizeof(req)), 0);
	assert_int_equal(exchange(b, 1, 5, req, sizeof(req)), 0);
	assert_memory_equal(a->resp, b->resp, SNP_PAGE_SIZE);
	guest_free(a);
	guest_free(b);
}

/* The payload status for bad report fields: the message itself succeeds. */
static void test_report_bad_fields(void **state)
{
	struct guest *g = guest_new();
	uint8_t req[0x60], out[SNP_PAGE_SIZE];
	report_req(req, 1, 0);                                 /* VMPL 1 from VMPCK 2 */
	assert_int_equal(exchange(g, 2, 5, req, sizeof(req)), 0);
	assert_int_equal(open_resp(g, 2, 1, 5, out), 0x4c0);    /* full size, status set */
	for (int i = 4; i < 0x4c0; i++)
		assert_int_equal(out[i], 0);
	g->seq[2] = 2;
	assert_int_equal(rd32(out), 0x16);
	report_req(req, 4, 0);                                 /* no VMPL 4 */
	assert_int_equal(exchange(g, 2, 5, req, sizeof(req)), 0);
	open_resp(g, 2, 3, 5, out);
	g->seq[2] = 4;
	assert_int_equal(rd32(out), 0x16);
	report_req(req, 2, 0);
	wr32(req + 0x44, 2);                                   /* KEY_SEL: the VLEK, none here */
	assert_int_equal(exchange(g, 2, 5, req, sizeof(req)), 0);
	open_resp(g, 2, 5, 5, out);
	assert_int_equal(rd32(out), 0x27);
	guest_free(g);
}

/* Each refusal: the status, the response page untouched, no sequence number used. */
static void refused(struct guest *g, uint32_t want)
{
	uint8_t before[SNP_PAGE_SIZE];
	memset(g->resp, 0xe5, SNP_PAGE_SIZE);
	memcpy(before, g->resp, sizeof(before));
	uint64_t seq[4];
	for (int i = 0; i < 4; i++)
		seq[i] = snp_fw_seqno(g->fw, i);
	assert_int_equal(snp_fw_guest_request(g->fw, g->req, g->resp), want);
	assert_memory_equal(g->resp, before, sizeof(before));
	for (int i = 0; i < 4; i++)
		assert_int_equal(snp_fw_seqno(g->fw, i), seq[i]);
}

static void test_request_errors(void **state)
{
	struct guest *g = guest_new();
	uint8_t req[0x60], big[SNP_PAGE_SIZE] = { 0 };
	const uint8_t *k0 = VMPCK(g->secrets, 0);
	report_req(req, 0, 0);

	struct { unsigned off; uint8_t v; } header[] = {
		{ 0x30, 0 },    /* ALGO invalid */
		{ 0x30, 2 },    /* ALGO unknown */
		{ 0x31, 2 },    /* header version */
		{ 0x32, 0x50 }, /* header size */
		{ 0x34, 1 },    /* CPUID_REQ: not offered */
		{ 0x34, 6 },    /* a response type */
		{ 0x34, 0 },
		{ 0x35, 2 },    /* message version */
		{ 0x3c, 4 },    /* no VMPCK 4 */
	};
	for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++) {
		seal(g, k0, 0, 1, 5, req, sizeof(req));
		g->req[header[i].off] = header[i].v;
		refused(g, SNP_FW_INVALID_PARAM);
	}

	/* Sequence numbers: 0, a skipped one, a replay after use. */
	seal(g, k0, 0, 0, 5, req, sizeof(req));
	refused(g, SNP_FW_INVALID_PARAM);
	seal(g, k0, 0, 3, 5, req, sizeof(req));
	refused(g, SNP_FW_INVALID_PARAM);

	/* Authentication: a flipped tag, ciphertext or AAD byte; another VMPCK's key. */
	unsigned flips[] = { 0x00, 0x0f, 0x60, 0x60 + 0x5f, 0x3d };
	for (size_t i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
		seal(g, k0, 0, 1, 5, req, sizeof(req));
		g->req[flips[i]] ^= 1;
		refused(g, SNP_FW_SECURE_DATA_INVALID);
	}
	seal(g, VMPCK(g->secrets, 1), 0, 1, 5, req, sizeof(req));
	refused(g, SNP_FW_SECURE_DATA_INVALID);
	seal(g, k0, 0, 1, 5, req, sizeof(req));
	wr64(g->req + 0x20, 1);                                /* IV and counter agree ... */
	g->req[0x60] ^= 0x80;                                  /* ... but the data was changed */
	refused(g, SNP_FW_SECURE_DATA_INVALID);

	/* Lengths: more than a page holds; not the request's size (authentic). */
	seal(g, k0, 0, 1, 5, big, 4000);
	wr16(g->req + 0x36, 4001);
	refused(g, SNP_FW_INVALID_LEN);
	seal(g, k0, 0, 1, 5, big, 0x5f);
	refused(g, SNP_FW_INVALID_LEN);
	seal(g, k0, 0, 1, 3, big, 0x60);                       /* a KEY_REQ is 0x20 bytes */
	refused(g, SNP_FW_INVALID_LEN);
	seal(g, k0, 0, 1, 5, big, 0);
	refused(g, SNP_FW_INVALID_LEN);

	/* After all that, sequence number 1 still works, and then is used up. */
	seal(g, k0, 0, 1, 5, req, sizeof(req));
	assert_int_equal(snp_fw_guest_request(g->fw, g->req, g->resp), 0);
	refused(g, SNP_FW_INVALID_PARAM);                      /* the replay */
	seal(g, k0, 0, 2, 5, req, sizeof(req));                /* the response's number */
	refused(g, SNP_FW_INVALID_PARAM);

	/* The counter that would wrap. */
	snp_fw_set_seqno(g->fw, 3, UINT64_MAX - 3);
	seal(g, VMPCK(g->secrets, 3), 3, UINT64_MAX - 2, 5, (report_req(req, 3, 0), req), 0x60);
	assert_int_equal(snp_fw_guest_request(g->fw, g->req, g->resp), 0);
	assert_int_equal(snp_fw_seqno(g->fw, 3), UINT64_MAX - 1);
	seal(g, VMPCK(g->secrets, 3), 3, UINT64_MAX, 5, req, 0x60);
	refused(g, SNP_FW_AEAD_OFLOW);
	assert_int_equal(snp_fw_stats(g->fw)->reports, 2);
	assert_int_equal(snp_fw_stats(g->fw)->refused, 25);   /* every refusal above */
	guest_free(g);
}

/* ---- Derived keys ---- */

static void key_req(uint8_t req[0x20], uint32_t root, uint64_t fields, uint32_t vmpl,
		    uint32_t svn, uint64_t tcb)
{
	memset(req, 0, 0x20);
	wr32(req, root);
	wr64(req + 8, fields);
	wr32(req + 0x10, vmpl);
	wr32(req + 0x14, svn);
	wr64(req + 0x18, tcb);
}

/* One KEY_REQ on VMPCK 0 with the guest's next number; the payload status and key. */
static uint32_t get_key(struct guest *g, const uint8_t req[0x20], uint8_t key[32])
{
	uint8_t out[SNP_PAGE_SIZE];
	assert_int_equal(exchange(g, 0, 3, req, 0x20), 0);
	uint16_t len = open_resp(g, 0, g->seq[0] + 1, 3, out);
	g->seq[0] += 2;
	assert_int_equal(len, 0x40);      /* what Linux's get_derived_key expects exactly */
	memcpy(key, out + 0x20, 32);
	return rd32(out);
}

static void test_derived_keys(void **state)
{
	struct guest *a = guest_new(), *b = guest_new();
	uint8_t req[0x20], k1[32], k2[32], k3[32], k4[32];
	key_req(req, 0, 0x3f, 0, 3, config.tcb);
	assert_int_equal(get_key(a, req, k1), 0);
	assert_int_equal(get_key(b, req, k2), 0);
	assert_memory_equal(k1, k2, 32);                       /* same run, same key */
	key_req(req, 0, 0x08, 0, 0, 0);                        /* measurement only */
	assert_int_equal(get_key(a, req, k3), 0);
	assert_memory_not_equal(k1, k3, 32);
	key_req(req, 0, 0x08, 1, 0, 0);                        /* for VMPL 1 */
	assert_int_equal(get_key(a, req, k4), 0);
	assert_memory_not_equal(k3, k4, 32);

	key_req(req, 1, 0, 0, 0, 0);                           /* the VMRK: no migration agent */
	assert_int_equal(get_key(a, req, k4), 0x27);
	key_req(req, 2 << 1, 0, 0, 0, 0);                      /* the VLEK */
	assert_int_equal(get_key(a, req, k4), 0x27);
	key_req(req, 0, 0x10, 0, 4, 0);                        /* an SVN above the guest's */
	assert_int_equal(get_key(a, req, k4), 0x16);
	key_req(req, 0, 0x20, 0, 0, config.tcb + 1);           /* a TCB above the platform's */
	assert_int_equal(get_key(a, req, k4), 0x16);
	key_req(req, 0, 0x80, 0, 0, 0);                        /* an unknown field */
	assert_int_equal(get_key(a, req, k4), 0x16);
	key_req(req, 0, 0, 4, 0, 0);                           /* no VMPL 4 */
	assert_int_equal(get_key(a, req, k4), 0x16);
	guest_free(a);
	guest_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cc_blob),
		cmocka_unit_test(test_cc_setup_data),
		cmocka_unit_test(test_cpuid_table_linux_accepts),
		cmocka_unit_test(test_cpuid_table_too_big),
		cmocka_unit_test(test_secrets_page),
		cmocka_unit_test(test_ecdsa_rfc6979),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_report_in_place),
		cmocka_unit_test(test_report_deterministic),
		cmocka_unit_test(test_report_bad_fields),
		cmocka_unit_test(test_request_errors),
		cmocka_unit_test(test_derived_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
