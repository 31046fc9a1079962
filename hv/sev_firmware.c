/*
 * The SEV-SNP firmware (the AMD secure processor) as hvsim plays it: see
 * sev_firmware.h for the interface and the sources it follows.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>

#include "hv/sev_firmware.h"
#include "mem/snap.h"

/* ---- CC blob (asm/sev.h struct cc_blob_sev_info) ---- */

void snp_cc_blob_build(uint8_t blob[SNP_CC_BLOB_SIZE], uint64_t secrets_gpa,
		       uint64_t cpuid_gpa)
{
	memset(blob, 0, SNP_CC_BLOB_SIZE);
	snp_put32(blob + 0x00, SNP_CC_BLOB_MAGIC);
	snp_put16(blob + 0x04, SNP_CC_BLOB_VERSION);
	snp_put64(blob + 0x08, secrets_gpa);
	snp_put32(blob + 0x10, SNP_PAGE_SIZE);  /* Linux refuses any other length */
	snp_put64(blob + 0x18, cpuid_gpa);
	snp_put32(blob + 0x20, SNP_PAGE_SIZE);
}

bool snp_cc_setup_data_build(uint8_t entry[SNP_CC_SETUP_DATA_SIZE], uint64_t next,
			     uint64_t blob_gpa)
{
	if (blob_gpa > UINT32_MAX)
		return false;
	snp_put64(entry + 0x00, next);
	snp_put32(entry + 0x08, SNP_SETUP_CC_BLOB);
	snp_put32(entry + 0x0c, 4);             /* the data: one u32 */
	snp_put32(entry + 0x10, (uint32_t)blob_gpa);
	return true;
}

/* ---- CPUID table (56860 7.1, table "CPUID_FUNCTION") ---- */

struct cpuid_builder {
	uint8_t *page;
	snp_cpuid_eval_fn eval;
	void *opaque;
	unsigned count;
	bool overflow;
};

/* The legacy XSAVE state (x87 | SSE is 3; Linux takes XCR0_IN 1 or 3, XSS_IN 0). */
#define XCR0_LEGACY 1u

static void cpuid_eval(struct cpuid_builder *b, uint32_t fn, uint32_t index,
		       uint64_t xcr0, uint64_t xss, uint32_t out[4])
{
	memset(out, 0, 4 * sizeof(*out));
	b->eval(b->opaque, fn, index, xcr0, xss, out);
}

static void cpuid_add(struct cpuid_builder *b, uint32_t fn, uint32_t index,
		      uint64_t xcr0, uint64_t xss, const uint32_t r[4])
{
	if (!(r[0] | r[1] | r[2] | r[3]))
		return;  /* a missing leaf inside a range reads as zeros */
	if (b->count == SNP_CPUID_MAX) {
		b->overflow = true;
		return;
	}
	uint8_t *e = b->page + SNP_CPUID_HDR_SIZE + b->count++ * SNP_CPUID_ENTRY_SIZE;
	snp_put32(e + 0x00, fn);
	snp_put32(e + 0x04, index);
	snp_put64(e + 0x08, xcr0);
	snp_put64(e + 0x10, xss);
	for (int i = 0; i < 4; i++)
		snp_put32(e + 0x18 + 4 * i, r[i]);
}

static void cpuid_add_eval(struct cpuid_builder *b, uint32_t fn, uint32_t index)
{
	uint32_t r[4];
	cpuid_eval(b, fn, index, 0, 0, r);
	cpuid_add(b, fn, index, 0, 0, r);
}

/*
 * Leaf 0xD: subleaves 0 and 1 for the legacy state (what Linux's snp_cpuid
 * looks up; it recomputes the XSAVE size from the components), then one
 * subleaf per state component 2-62 the CPU supports in XCR0 (subleaf 0
 * EDX:EAX) or IA32_XSS (subleaf 1 EDX:ECX): Linux fails the size, and so
 * the boot, if an enabled component has no entry (APM vol. 3 E.3.8).
 */
static void cpuid_add_xsave(struct cpuid_builder *b)
{
	uint32_t s0[4], s1[4];
	cpuid_eval(b, 0xd, 0, XCR0_LEGACY, 0, s0);
	cpuid_eval(b, 0xd, 1, XCR0_LEGACY, 0, s1);
	cpuid_add(b, 0xd, 0, XCR0_LEGACY, 0, s0);
	cpuid_add(b, 0xd, 1, XCR0_LEGACY, 0, s1);
	uint64_t comps = (s0[0] | (uint64_t)s0[3] << 32) | (s1[2] | (uint64_t)s1[3] << 32);
	for (uint32_t i = 2; i < 63; i++)
		if (comps >> i & 1)
			cpuid_add_eval(b, 0xd, i);
}

/* Subleaves until the one whose field (shift, mask) is zero, the end marker. */
static void cpuid_add_until_zero(struct cpuid_builder *b, uint32_t fn, int reg,
				 unsigned shift, uint32_t mask)
{
	for (uint32_t i = 0; i < 32; i++) {
		uint32_t r[4];
		cpuid_eval(b, fn, i, 0, 0, r);
		if (!(r[reg] >> shift & mask))
			return;
		cpuid_add(b, fn, i, 0, 0, r);
	}
}

/* One function with its subleaves (asm/cpuid/api.h cpuid_function_is_indexed). */
static void cpuid_add_function(struct cpuid_builder *b, uint32_t fn)
{
	uint32_t r[4];
	switch (fn) {
	case 0x4:
	case 0x8000001d:  /* cache descriptors: until cache type 0 (EAX[4:0]) */
		cpuid_add_until_zero(b, fn, 0, 0, 0x1f);
		return;
	case 0xb:
	case 0x1f:        /* topology levels: until level type 0 (ECX[15:8]) */
		cpuid_add_until_zero(b, fn, 2, 8, 0xff);
		return;
	case 0xd:
		cpuid_add_xsave(b);
		return;
	case 0x7:
	case 0x14:
	case 0x17:
	case 0x18:
	case 0x1d:
	case 0x24:        /* subleaf 0's EAX is the last subleaf */
		cpuid_eval(b, fn, 0, 0, 0, r);
		cpuid_add(b, fn, 0, 0, 0, r);
		for (uint32_t i = 1; i <= r[0] && i < 32; i++)
			cpuid_add_eval(b, fn, i);
		return;
	case 0xf:
	case 0x10:
	case 0x12:
	case 0x1e:        /* a few fixed subleaves (resource monitoring/allocation, SGX) */
		for (uint32_t i = 0; i < 4; i++)
			cpuid_add_eval(b, fn, i);
		return;
	default:
		cpuid_add_eval(b, fn, 0);
	}
}

/*
 * One range: base up to the maximum its first leaf reports (a hypervisor
 * range that reports less than its base has its base only, as Linux reads
 * KVM's). More than 256 functions would not fit the table anyway.
 */
static void cpuid_add_range(struct cpuid_builder *b, uint32_t base)
{
	uint32_t r[4];
	cpuid_eval(b, base, 0, 0, 0, r);
	uint32_t max = r[0] < base ? base : r[0];
	if (max - base > 0xff) {
		b->overflow = true;
		return;
	}
	for (uint32_t fn = base; fn <= max && !b->overflow; fn++)
		cpuid_add_function(b, fn);
}

int snp_cpuid_table_build(uint8_t page[SNP_PAGE_SIZE], snp_cpuid_eval_fn eval,
			  void *opaque)
{
	struct cpuid_builder b = { .page = page, .eval = eval, .opaque = opaque };
	memset(page, 0, SNP_PAGE_SIZE);
	cpuid_add_range(&b, 0);
	cpuid_add_range(&b, 0x40000000);
	cpuid_add_range(&b, 0x80000000);
	if (b.overflow) {
		memset(page, 0, SNP_PAGE_SIZE);
		return -1;
	}
	snp_put32(page, b.count);
	return (int)b.count;
}

/* ---- The firmware's secrets ---- */

struct snp_fw {
	struct snp_fw_config cfg;
	uint8_t root[48];                 /* every secret below comes from it */
	uint8_t vmpck[SNP_NUM_VMPL][SNP_VMPCK_LEN];
	uint64_t seqno[SNP_NUM_VMPL];     /* last sequence number used per VMPCK */
	uint8_t measurement[48];
	uint8_t chip_id[64];
	uint8_t report_id[32];
	uint8_t sign_key[48];             /* the VCEK's private scalar, big-endian */
	uint8_t sign_pub[SNP_SIGNING_PUB_LEN];
	struct snp_fw_stats stats;
};

/*
 * A secret named `label`, of any length: HMAC-SHA-384 keyed with the root
 * over the label, a block counter and `extra`, block after block (a
 * counter-mode KDF, SP 800-108 style).
 */
static void derive(const uint8_t root[48], const char *label, const uint8_t *extra,
		   size_t extra_len, uint8_t *out, size_t len)
{
	uint8_t msg[160], mac[48];
	size_t n = strlen(label);
	memcpy(msg, label, n);
	if (extra_len)
		memcpy(msg + n + 1, extra, extra_len);
	for (uint8_t block = 0; len; block++) {
		msg[n] = block;
		HMAC(EVP_sha384(), root, 48, msg, n + 1 + extra_len, mac, NULL);
		size_t take = len < sizeof(mac) ? len : sizeof(mac);
		memcpy(out, mac, take);
		out += take;
		len -= take;
	}
	OPENSSL_cleanse(mac, sizeof(mac));
}

/* The P-384 group order n, the point G and a scratch context. */
struct p384 {
	EC_GROUP *group;
	BN_CTX *ctx;
	const BIGNUM *n;
};

static bool p384_open(struct p384 *c)
{
	c->group = EC_GROUP_new_by_curve_name(NID_secp384r1);
	c->ctx = BN_CTX_new();
	c->n = c->group ? EC_GROUP_get0_order(c->group) : NULL;
	return c->group && c->ctx && c->n;
}

static void p384_close(struct p384 *c)
{
	EC_GROUP_free(c->group);
	BN_CTX_free(c->ctx);
}

/* The VCEK-like key: a scalar in [1, n-1] from the root, and its public point. */
static bool make_signing_key(struct snp_fw *fw)
{
	struct p384 c;
	uint8_t raw[48];
	bool ok = false;
	BIGNUM *d = NULL, *nm1 = NULL;
	EC_POINT *q = NULL;

	derive(fw->root, "VCEK", NULL, 0, raw, sizeof(raw));
	if (!p384_open(&c))
		goto out;
	d = BN_bin2bn(raw, sizeof(raw), NULL);
	nm1 = BN_dup(c.n);
	q = EC_POINT_new(c.group);
	if (!d || !nm1 || !q || !BN_sub_word(nm1, 1) || !BN_mod(d, d, nm1, c.ctx) ||
	    !BN_add_word(d, 1) || BN_bn2binpad(d, fw->sign_key, 48) != 48 ||
	    !EC_POINT_mul(c.group, q, d, NULL, NULL, c.ctx) ||
	    EC_POINT_point2oct(c.group, q, POINT_CONVERSION_UNCOMPRESSED, fw->sign_pub,
			       sizeof(fw->sign_pub), c.ctx) != SNP_SIGNING_PUB_LEN)
		goto out;
	ok = true;
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	BN_clear_free(d);
	BN_free(nm1);
	EC_POINT_free(q);
	p384_close(&c);
	return ok;
}

struct snp_fw *snp_fw_new(const struct snp_fw_config *cfg)
{
	struct snp_fw *fw = calloc(1, sizeof(*fw));
	if (!fw)
		return NULL;
	fw->cfg = *cfg;
	uint8_t seed[8];
	snp_put64(seed, cfg->seed);
	static const char domain[] = "hvsim SNP firmware root";
	HMAC(EVP_sha384(), domain, sizeof(domain) - 1, seed, sizeof(seed), fw->root, NULL);
	for (uint8_t i = 0; i < SNP_NUM_VMPL; i++)
		derive(fw->root, "VMPCK", &i, 1, fw->vmpck[i], SNP_VMPCK_LEN);
	derive(fw->root, "CHIP_ID", NULL, 0, fw->chip_id, sizeof(fw->chip_id));
	derive(fw->root, "REPORT_ID", NULL, 0, fw->report_id, sizeof(fw->report_id));
	if (!make_signing_key(fw)) {
		snp_fw_free(fw);
		return NULL;
	}
	return fw;
}

void snp_fw_free(struct snp_fw *fw)
{
	if (!fw)
		return;
	OPENSSL_cleanse(fw, sizeof(*fw));
	free(fw);
}

void snp_fw_set_measurement(struct snp_fw *fw, const uint8_t digest[48])
{
	memcpy(fw->measurement, digest, sizeof(fw->measurement));
}

const uint8_t *snp_fw_vmpck(const struct snp_fw *fw, unsigned vmpck)
{
	return vmpck < SNP_NUM_VMPL ? fw->vmpck[vmpck] : NULL;
}

void snp_fw_signing_pub(const struct snp_fw *fw, uint8_t out[SNP_SIGNING_PUB_LEN])
{
	memcpy(out, fw->sign_pub, SNP_SIGNING_PUB_LEN);
}

const struct snp_fw_stats *snp_fw_stats(const struct snp_fw *fw)
{
	return &fw->stats;
}

uint64_t snp_fw_seqno(const struct snp_fw *fw, unsigned vmpck)
{
	return vmpck < SNP_NUM_VMPL ? fw->seqno[vmpck] : 0;
}

void snp_fw_set_seqno(struct snp_fw *fw, unsigned vmpck, uint64_t seqno)
{
	if (vmpck < SNP_NUM_VMPL)
		fw->seqno[vmpck] = seqno;
}

void snp_fw_snapshot(struct snp_fw *fw, struct snap *s)
{
	snap_section(s, "snp-firmware");
	snap_val(s, fw->seqno);
	snap_val(s, fw->measurement);
	snap_val(s, fw->stats);
}

/*
 * The secrets page (56860 8.14.2.5 PAGE_TYPE_SECRETS; layout as Linux's
 * struct snp_secrets_page): version 3 (the layout with the SVSM fields),
 * no IMI, FMS the CPU's signature (CPUID 1 EAX), GOSVW 0, the VMPCKs at 0x20, the guest OS area zeroed, the SVSM fields at
 * 0x140 when an SVSM runs below the guest.
 */
#define SECRETS_VERSION 3u
#define SECRETS_FMS 0x08u
#define SECRETS_VMPCK0 0x20u
#define SECRETS_SVSM_BASE 0x140u
#define SECRETS_SVSM_SIZE 0x148u
#define SECRETS_SVSM_CAA 0x150u
#define SECRETS_SVSM_MAX_VERSION 0x158u
#define SECRETS_SVSM_GUEST_VMPL 0x15cu

void snp_fw_secrets_page(const struct snp_fw *fw, uint8_t page[SNP_PAGE_SIZE],
			 const struct snp_svsm_info *svsm)
{
	memset(page, 0, SNP_PAGE_SIZE);
	snp_put32(page, SECRETS_VERSION);
	snp_put32(page + SECRETS_FMS, fw->cfg.cpuid_fms);
	for (unsigned i = 0; i < SNP_NUM_VMPL; i++)
		memcpy(page + SECRETS_VMPCK0 + i * SNP_VMPCK_LEN, fw->vmpck[i], SNP_VMPCK_LEN);
	if (!svsm)
		return;
	/*
	 * The guest's copy under an SVSM: the VMPCKs of the VMPLs above the
	 * guest are theirs (with VMPCK0 a guest could have the firmware sign
	 * reports that claim VMPL0), so they read as zero, the "disabled" key
	 * Linux's sev-guest recognises.
	 */
	for (unsigned i = 0; i < svsm->guest_vmpl && i < SNP_NUM_VMPL; i++)
		memset(page + SECRETS_VMPCK0 + i * SNP_VMPCK_LEN, 0, SNP_VMPCK_LEN);
	snp_put64(page + SECRETS_SVSM_BASE, svsm->base);
	snp_put64(page + SECRETS_SVSM_SIZE, svsm->size);
	snp_put64(page + SECRETS_SVSM_CAA, svsm->caa);
	snp_put32(page + SECRETS_SVSM_MAX_VERSION, svsm->max_version);
	page[SECRETS_SVSM_GUEST_VMPL] = svsm->guest_vmpl;
}

/* ---- ECDSA P-384 with RFC 6979 nonces ---- */

static void hmac384(const uint8_t key[48], const uint8_t *a, size_t an, const uint8_t *b,
		    size_t bn, uint8_t out[48])
{
	uint8_t msg[48 + 1 + 48 + 48];
	memcpy(msg, a, an);
	if (bn)
		memcpy(msg + an, b, bn);
	HMAC(EVP_sha384(), key, 48, msg, an + bn, out, NULL);
}

bool snp_ecdsa_p384_sign(const uint8_t d[48], const uint8_t digest[48], uint8_t r_out[48],
			 uint8_t s_out[48])
{
	struct p384 c;
	bool ok = false;
	BIGNUM *x = NULL, *e = NULL, *k = NULL, *r = NULL, *s = NULL;
	EC_POINT *kg = NULL;
	uint8_t V[48], K[48], h1[48], seed[48 + 1 + 48 + 48];

	if (!p384_open(&c))
		goto out;
	x = BN_bin2bn(d, 48, NULL);
	e = BN_bin2bn(digest, 48, NULL);  /* bits2int: hlen = qlen = 384 */
	k = BN_new();
	r = BN_new();
	s = BN_new();
	kg = EC_POINT_new(c.group);
	if (!x || !e || !k || !r || !s || !kg)
		goto out;
	/* bits2octets(h1) = (h1 mod n) as 48 bytes (RFC 6979 2.3.4). */
	BIGNUM *h = BN_dup(e);
	if (!h || !BN_nnmod(h, h, c.n, c.ctx) || BN_bn2binpad(h, h1, 48) != 48) {
		BN_free(h);
		goto out;
	}
	BN_free(h);

	/* RFC 6979 3.2 steps b-g: V = 01.., K = 00.., two rounds of HMAC over x and h1. */
	memset(V, 0x01, sizeof(V));
	memset(K, 0x00, sizeof(K));
	for (uint8_t round = 0; round < 2; round++) {
		memcpy(seed, V, 48);
		seed[48] = round;
		memcpy(seed + 49, d, 48);
		memcpy(seed + 97, h1, 48);
		hmac384(K, seed, sizeof(seed), NULL, 0, K);
		hmac384(K, V, 48, NULL, 0, V);
	}
	/* Step h: candidates until k is in [1, n-1] and r, s are not zero. */
	for (int tries = 0; tries < 64; tries++) {
		hmac384(K, V, 48, NULL, 0, V);
		if (!BN_bin2bn(V, 48, k))
			goto out;
		if (!BN_is_zero(k) && BN_cmp(k, c.n) < 0) {
			if (!EC_POINT_mul(c.group, kg, k, NULL, NULL, c.ctx) ||
			    !EC_POINT_get_affine_coordinates(c.group, kg, r, NULL, c.ctx) ||
			    !BN_nnmod(r, r, c.n, c.ctx))
				goto out;
			/* s = k^-1 (e + r d) mod n */
			if (!BN_is_zero(r) && BN_mod_mul(s, r, x, c.n, c.ctx) &&
			    BN_mod_add(s, s, e, c.n, c.ctx) && BN_mod_inverse(k, k, c.n, c.ctx) &&
			    BN_mod_mul(s, s, k, c.n, c.ctx) && !BN_is_zero(s)) {
				ok = BN_bn2binpad(r, r_out, 48) == 48 &&
				     BN_bn2binpad(s, s_out, 48) == 48;
				goto out;
			}
		}
		static const uint8_t zero = 0;
		hmac384(K, V, 48, &zero, 1, K);
		hmac384(K, V, 48, NULL, 0, V);
	}
out:
	OPENSSL_cleanse(V, sizeof(V));
	OPENSSL_cleanse(K, sizeof(K));
	OPENSSL_cleanse(seed, sizeof(seed));
	BN_clear_free(x);
	BN_clear_free(k);
	BN_free(e);
	BN_free(r);
	BN_free(s);
	EC_POINT_free(kg);
	p384_close(&c);
	return ok;
}

/* ---- Guest messages (56860 8.26 SNP_GUEST_REQUEST, 7.3-7.4) ---- */

/* Header offsets (asm/sev.h struct snp_guest_msg_hdr). */
#define HDR_AUTHTAG 0x00u
#define HDR_SEQNO 0x20u
#define HDR_ALGO 0x30u
#define HDR_VERSION 0x31u
#define HDR_SIZE 0x32u
#define HDR_MSG_TYPE 0x34u
#define HDR_MSG_VERSION 0x35u
#define HDR_MSG_SIZE 0x36u
#define HDR_MSG_VMPCK 0x3cu
#define MSG_HDR_VERSION 1u
#define MSG_VERSION 1u

/*
 * AES-256-GCM with a 96-bit IV that is the sequence number (little-endian,
 * then zeros) and the AAD that is the header from ALGO on. Encrypting writes
 * the 16-byte tag; decrypting checks it (false: authentication failed).
 */
static bool aead(bool enc, const uint8_t key[32], uint64_t seqno, const uint8_t aad[48],
		 const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16])
{
	uint8_t iv[12] = { 0 };
	snp_put64(iv, seqno);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0;
	bool ok = c && EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv, enc) &&
		  EVP_CipherUpdate(c, NULL, &n, aad, 48) &&
		  (len == 0 || EVP_CipherUpdate(c, out, &n, in, (int)len)) &&
		  (enc || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag)) &&
		  EVP_CipherFinal_ex(c, out + (len ? n : 0), &n) &&
		  (!enc || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag));
	EVP_CIPHER_CTX_free(c);
	return ok;
}

/* Report offsets (56860 table "ATTESTATION_REPORT", report version 2). */
#define REPORT_VERSION 3u            /* 3: with the CPU's family, model, stepping */
#define SIG_ALGO_ECDSA_P384_SHA384 1u
#define ABI_MAJOR 1u
#define ABI_MINOR 55u

static void build_report(const struct snp_fw *fw, const uint8_t *req, uint32_t vmpl,
			 uint8_t rep[SNP_REPORT_SIZE])
{
	const struct snp_fw_config *c = &fw->cfg;
	memset(rep, 0, SNP_REPORT_SIZE);
	snp_put32(rep + 0x00, REPORT_VERSION);
	snp_put32(rep + 0x04, c->guest_svn);
	snp_put64(rep + 0x08, c->policy);
	memcpy(rep + 0x10, c->family_id, 16);
	memcpy(rep + 0x20, c->image_id, 16);
	snp_put32(rep + 0x30, vmpl);
	snp_put32(rep + 0x34, SIG_ALGO_ECDSA_P384_SHA384);
	snp_put64(rep + 0x38, c->tcb);        /* CURRENT_TCB */
	/* 0x40 PLATFORM_INFO 0 (no SMT, no TSME); 0x48 signing key 0: the VCEK */
	memcpy(rep + 0x50, req, 64);          /* REPORT_DATA */
	memcpy(rep + 0x90, fw->measurement, 48);
	memcpy(rep + 0xc0, c->host_data, 32);
	/* 0xe0 ID_KEY_DIGEST, 0x110 AUTHOR_KEY_DIGEST: no ID block, zeros */
	memcpy(rep + 0x140, fw->report_id, 32);
	memset(rep + 0x160, 0xff, 32);        /* REPORT_ID_MA: no migration agent */
	snp_put64(rep + 0x180, c->tcb);       /* REPORTED_TCB */
	/* CPUID_FAM_ID, _MOD_ID, _STEP: family and model with their extended parts (APM 3 E.3.2). */
	uint32_t fms = c->cpuid_fms;
	rep[0x188] = (uint8_t)((fms >> 8 & 0xf) + (fms >> 20 & 0xff));
	rep[0x189] = (uint8_t)((fms >> 16 & 0xf) << 4 | (fms >> 4 & 0xf));
	rep[0x18a] = fms & 0xf;
	memcpy(rep + 0x1a0, fw->chip_id, 64);
	snp_put64(rep + 0x1e0, c->tcb);       /* COMMITTED_TCB */
	rep[0x1e9] = ABI_MINOR;               /* CURRENT_BUILD 0, MINOR, MAJOR */
	rep[0x1ea] = ABI_MAJOR;
	rep[0x1ed] = ABI_MINOR;               /* COMMITTED_* the same */
	rep[0x1ee] = ABI_MAJOR;
	snp_put64(rep + 0x1f0, c->tcb);       /* LAUNCH_TCB */
}

/*
 * Sign bytes 0..0x29f: R and S little-endian, zero-extended to 72 bytes
 * each, at 0x2a0 and 0x2e8 (56860 appendix "ECDSA P-384 with SHA-384").
 */
static bool sign_report(const struct snp_fw *fw, uint8_t rep[SNP_REPORT_SIZE])
{
	uint8_t digest[48], r[48], s[48];
	unsigned len = 0;
	if (!EVP_Digest(rep, SNP_REPORT_SIGNED_LEN, digest, &len, EVP_sha384(), NULL) ||
	    !snp_ecdsa_p384_sign(fw->sign_key, digest, r, s))
		return false;
	for (int i = 0; i < 48; i++) {
		rep[0x2a0 + i] = r[47 - i];
		rep[0x2e8 + i] = s[47 - i];
	}
	return true;
}

/*
 * MSG_REPORT_REQ (sev-guest.h struct snp_report_req): REPORT_DATA, the VMPL
 * to report (not below the requester's, 56860 table 21) and KEY_SEL (0 or
 * 1: the VCEK; 2, the VLEK, is not loaded here).
 */
static uint32_t report_request(const struct snp_fw *fw, unsigned vmpck, const uint8_t *req,
			       uint8_t *rsp)
{
	uint32_t vmpl = snp_get32(req + 0x40), key_sel = snp_get32(req + 0x44) & 3;
	uint32_t status = SNP_MSG_SUCCESS;
	if (vmpl < vmpck || vmpl >= SNP_NUM_VMPL)
		status = SNP_MSG_INVALID_PARAMETERS;
	else if (key_sel > 1)
		status = SNP_MSG_INVALID_KEY_SELECTION;
	memset(rsp, 0, SNP_REPORT_RSP_SIZE);
	snp_put32(rsp, status);
	if (status != SNP_MSG_SUCCESS)
		return SNP_REPORT_RSP_SIZE;   /* the whole response, zero but the status */
	snp_put32(rsp + 4, SNP_REPORT_SIZE);
	build_report(fw, req, vmpl, rsp + 0x20);
	if (!sign_report(fw, rsp + 0x20))
		return 0;
	return SNP_REPORT_RSP_SIZE;
}

/*
 * MSG_KEY_REQ (sev-guest.h struct snp_derived_key_req): a key derived from
 * the root and the fields GUEST_FIELD_SELECT names (bit 0 policy, 1 image
 * id, 2 family id, 3 measurement, 4 SVN, 5 TCB), for a VMPL not below the
 * requester's, an SVN and TCB not above the guest's. Only the VCEK root is
 * here: the VMRK (bit 0 of ROOT_KEY_SELECT) needs a migration agent and
 * KEY_SEL 2 a VLEK.
 */
#define KEY_FIELDS_KNOWN 0x3fu

static uint32_t key_request(const struct snp_fw *fw, unsigned vmpck, const uint8_t *req,
			    uint8_t *rsp)
{
	const struct snp_fw_config *c = &fw->cfg;
	uint32_t root_sel = snp_get32(req + 0x00);
	uint64_t fields = snp_get64(req + 0x08);
	uint32_t vmpl = snp_get32(req + 0x10), svn = snp_get32(req + 0x14);
	uint64_t tcb = snp_get64(req + 0x18);
	uint32_t status = SNP_MSG_SUCCESS;
	if ((root_sel & 1) || (root_sel >> 1 & 3) > 1)
		status = SNP_MSG_INVALID_KEY_SELECTION;
	else if (vmpl < vmpck || vmpl >= SNP_NUM_VMPL || (fields & ~KEY_FIELDS_KNOWN) ||
		 ((fields & 0x10) && svn > c->guest_svn) || ((fields & 0x20) && tcb > c->tcb))
		status = SNP_MSG_INVALID_PARAMETERS;
	memset(rsp, 0, SNP_KEY_RSP_SIZE);
	snp_put32(rsp, status);
	if (status != SNP_MSG_SUCCESS)
		return SNP_KEY_RSP_SIZE;
	/* The mix: VMPL, the field mask, then each selected field in bit order. */
	uint8_t mix[4 + 8 + 8 + 16 + 16 + 48 + 4 + 8], *p = mix;
	snp_put32(p, vmpl), p += 4;
	snp_put64(p, fields), p += 8;
	if (fields & 0x01)
		snp_put64(p, c->policy), p += 8;
	if (fields & 0x02)
		memcpy(p, c->image_id, 16), p += 16;
	if (fields & 0x04)
		memcpy(p, c->family_id, 16), p += 16;
	if (fields & 0x08)
		memcpy(p, fw->measurement, 48), p += 48;
	if (fields & 0x10)
		snp_put32(p, svn), p += 4;
	if (fields & 0x20)
		snp_put64(p, tcb), p += 8;
	derive(fw->root, "DERIVED_KEY", mix, (size_t)(p - mix), rsp + 0x20, 32);
	OPENSSL_cleanse(mix, sizeof(mix));
	return SNP_KEY_RSP_SIZE;
}

/*
 * The checks in the order the header gives them, then the AEAD, then the
 * payload; the response is built aside and copied out only when complete.
 */
static uint32_t guest_request(struct snp_fw *fw, const uint8_t req[SNP_PAGE_SIZE],
			      uint8_t resp[SNP_PAGE_SIZE])
{
	unsigned vmpck = req[HDR_MSG_VMPCK], type = req[HDR_MSG_TYPE];
	uint16_t msg_sz = snp_get16(req + HDR_MSG_SIZE);
	uint64_t seqno = snp_get64(req + HDR_SEQNO);
	if (req[HDR_ALGO] != SNP_AEAD_AES_256_GCM || req[HDR_VERSION] != MSG_HDR_VERSION ||
	    snp_get16(req + HDR_SIZE) != SNP_MSG_HDR_SIZE || vmpck >= SNP_NUM_VMPL ||
	    (type != SNP_MSG_REPORT_REQ && type != SNP_MSG_KEY_REQ) ||
	    req[HDR_MSG_VERSION] != MSG_VERSION)
		return SNP_FW_INVALID_PARAM;
	if (msg_sz > SNP_MSG_MAX_PAYLOAD)
		return SNP_FW_INVALID_LEN;
	/* The request takes the next number, its response the one after (56860 7.3). */
	if (fw->seqno[vmpck] >= UINT64_MAX - 1)
		return SNP_FW_AEAD_OFLOW;
	if (seqno != fw->seqno[vmpck] + 1)
		return SNP_FW_INVALID_PARAM;

	uint8_t plain[SNP_MSG_MAX_PAYLOAD], out[SNP_MSG_MAX_PAYLOAD], tag[16];
	memcpy(tag, req + HDR_AUTHTAG, sizeof(tag));
	if (!aead(false, fw->vmpck[vmpck], seqno, req + HDR_ALGO, req + SNP_MSG_HDR_SIZE,
		  msg_sz, plain, tag))
		return SNP_FW_SECURE_DATA_INVALID;
	uint32_t want = type == SNP_MSG_REPORT_REQ ? SNP_REPORT_REQ_SIZE : SNP_KEY_REQ_SIZE;
	if (msg_sz != want) {
		OPENSSL_cleanse(plain, sizeof(plain));
		return SNP_FW_INVALID_LEN;
	}
	uint32_t out_sz = type == SNP_MSG_REPORT_REQ ? report_request(fw, vmpck, plain, out)
						     : key_request(fw, vmpck, plain, out);
	OPENSSL_cleanse(plain, sizeof(plain));
	if (!out_sz)
		return SNP_FW_INVALID_PARAM;  /* libcrypto failed: nothing to answer */

	uint8_t r[SNP_PAGE_SIZE] = { 0 };
	snp_put64(r + HDR_SEQNO, seqno + 1);
	r[HDR_ALGO] = SNP_AEAD_AES_256_GCM;
	r[HDR_VERSION] = MSG_HDR_VERSION;
	snp_put16(r + HDR_SIZE, SNP_MSG_HDR_SIZE);
	r[HDR_MSG_TYPE] = (uint8_t)(type + 1);
	r[HDR_MSG_VERSION] = MSG_VERSION;
	snp_put16(r + HDR_MSG_SIZE, (uint16_t)out_sz);
	r[HDR_MSG_VMPCK] = (uint8_t)vmpck;
	bool ok = aead(true, fw->vmpck[vmpck], seqno + 1, r + HDR_ALGO, out, out_sz,
		       r + SNP_MSG_HDR_SIZE, r + HDR_AUTHTAG);
	OPENSSL_cleanse(out, sizeof(out));
	if (!ok)
		return SNP_FW_INVALID_PARAM;
	memcpy(resp, r, SNP_PAGE_SIZE);
	fw->seqno[vmpck] = seqno + 1;
	return SNP_FW_SUCCESS;
}

uint32_t snp_fw_guest_request(struct snp_fw *fw, const uint8_t req[SNP_PAGE_SIZE],
			      uint8_t resp[SNP_PAGE_SIZE])
{
	uint8_t type = req[HDR_MSG_TYPE];  /* before the response, which may be the same page */
	uint32_t st = guest_request(fw, req, resp);
	if (st != SNP_FW_SUCCESS)
		fw->stats.refused++;
	else if (type == SNP_MSG_REPORT_REQ)
		fw->stats.reports++;
	else
		fw->stats.keys++;
	return st;
}
