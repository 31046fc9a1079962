/*
 * Fuzz SNP_GUEST_REQUEST (hv/sev_firmware.c) as a hostile guest drives it:
 * raw request pages (any header, any bytes) and requests sealed with the
 * right VMPCK but hostile fields (sequence numbers off by some, any
 * message type, version and size, payloads with any VMPL, key selection
 * and field mask), some with a byte flipped after sealing.
 *
 * Input: one flags byte (bit 0: the VMPCK 3 counter starts near its end;
 * bit 1: first build a CPUID table from a CPU whose answers are a hash of
 * the next u64, leaf and subleaf, its range maxima the next three u32),
 * then requests, each a mode byte:
 *   mode & 3 == 0  a raw page: u16 length, then that many bytes (the rest zero)
 *            1/2/3 sealed: bits 2-3 the VMPCK, then u8 type, u8 message
 *                  version, s8 sequence offset (0: the right number),
 *                  u16 size (at most 4000), that many payload bytes; mode 2
 *                  then flips the bit u16 % (4096 * 8)
 * Invariants: the status is one SNP_GUEST_REQUEST returns; a refused request
 * leaves the response page and every counter as they were; an accepted one
 * moves only its VMPCK's counter, by two, and its response opens with that
 * VMPCK under the next sequence number with a header that matches the
 * request, carrying a payload of the response type's size. The CPUID
 * table: refused (a zero page) or as many entries as returned, at most the
 * firmware's 64, none all zero, every one inside a range the CPU reports.
 */
#include <string.h>

#include <openssl/evp.h>

#include "hv/sev_firmware.h"
#include "tests/fuzz/fuzz.h"

#define MAX_REQUESTS 32

static const struct snp_fw_config config = { .seed = 7, .policy = 0x30000, .guest_svn = 1,
					     .tcb = 0x1000000000000002ull };

/* AES-256-GCM the guest's way (sev-guest's snp_guest_msg): IV = seqno, AAD = header from 0x30. */
static bool gcm(bool seal, const uint8_t *key, uint8_t *page, size_t len)
{
	uint8_t iv[12] = { 0 };
	memcpy(iv, page + 0x20, 8);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	uint8_t out[SNP_PAGE_SIZE];
	int n = 0, m = 0;
	bool ok = c && EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv, seal) &&
		  EVP_CipherUpdate(c, NULL, &n, page + 0x30, 48) &&
		  EVP_CipherUpdate(c, out, &n, page + 0x60, (int)len) &&
		  (seal || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, page)) &&
		  EVP_CipherFinal_ex(c, out + n, &m) &&
		  (!seal || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, page));
	EVP_CIPHER_CTX_free(c);
	if (ok)
		memcpy(page + 0x60, out, len);   /* sealed, or opened in place */
	return ok;
}

/* A CPU that answers anything: a hash of the seed, leaf and subleaf; the range maxima given. */
struct odd_cpu {
	uint64_t seed;
	uint32_t max[3];
};

static uint32_t range_max(const struct odd_cpu *c, uint32_t fn)
{
	return c->max[fn >= 0x80000000 ? 2 : fn >= 0x40000000 ? 1 : 0];
}

static void odd_cpuid(void *opaque, uint32_t fn, uint32_t index, uint64_t xcr0, uint64_t xss,
		      uint32_t out[4])
{
	const struct odd_cpu *c = opaque;
	uint64_t h = c->seed ^ ((uint64_t)fn << 32 | index) ^ xcr0 * 31 ^ xss;
	for (int i = 0; i < 4; i++) {
		h = (h ^ h >> 29) * 0xbf58476d1ce4e5b9ull;
		out[i] = (uint32_t)(h >> 32) & (uint32_t)c->seed;  /* seed bits off: zeros */
	}
	if (index == 0 && (fn == 0 || fn == 0x40000000 || fn == 0x80000000))
		out[0] = range_max(c, fn);
}

static void check_cpuid_table(struct fuzz_in *in)
{
	static uint8_t page[SNP_PAGE_SIZE];
	struct odd_cpu c = { fuzz_u64(in), { fuzz_u32(in), fuzz_u32(in), fuzz_u32(in) } };
	int n = snp_cpuid_table_build(page, odd_cpuid, &c);
	FUZZ_CHECK(n >= -1 && n <= (int)SNP_CPUID_MAX);
	size_t used = n < 0 ? 0 : SNP_CPUID_HDR_SIZE + (size_t)n * SNP_CPUID_ENTRY_SIZE;
	for (size_t i = used; i < sizeof(page); i++)
		FUZZ_CHECK(page[i] == 0);
	if (n < 0)
		return;
	FUZZ_CHECK(snp_get32(page) == (uint32_t)n);
	for (int i = 0; i < n; i++) {
		const uint8_t *e = page + SNP_CPUID_HDR_SIZE + i * SNP_CPUID_ENTRY_SIZE;
		uint32_t fn = snp_get32(e), base = fn & 0xc0000000u;
		FUZZ_CHECK(base != 0xc0000000u);
		uint32_t max = range_max(&c, fn) < base ? base : range_max(&c, fn);
		FUZZ_CHECK(fn <= max);
		FUZZ_CHECK(snp_get32(e + 0x18) | snp_get32(e + 0x1c) | snp_get32(e + 0x20) |
			   snp_get32(e + 0x24));
	}
}

static bool known_status(uint32_t s)
{
	return s == SNP_FW_SUCCESS || s == SNP_FW_INVALID_LEN || s == SNP_FW_INVALID_PARAM ||
	       s == SNP_FW_SECURE_DATA_INVALID || s == SNP_FW_AEAD_OFLOW;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct snp_fw *fw = snp_fw_new(&config);
	FUZZ_CHECK(fw);
	uint8_t secrets[SNP_PAGE_SIZE];
	snp_fw_secrets_page(fw, secrets, NULL);
	uint8_t flags = fuzz_u8(&in);
	if (flags & 1)
		snp_fw_set_seqno(fw, 3, UINT64_MAX - 5);
	if (flags & 2)
		check_cpuid_table(&in);
	static uint8_t req[SNP_PAGE_SIZE], resp[SNP_PAGE_SIZE], before[SNP_PAGE_SIZE];

	for (int r = 0; r < MAX_REQUESTS && in.n; r++) {
		uint8_t mode = fuzz_u8(&in);
		memset(req, 0, sizeof(req));
		if (!(mode & 3)) {
			size_t len = fuzz_u16(&in) % (SNP_PAGE_SIZE + 1);
			for (size_t i = 0; i < len; i++)
				req[i] = fuzz_u8(&in);
		} else {
			unsigned vmpck = mode >> 2 & 3;
			req[0x30] = SNP_AEAD_AES_256_GCM;
			req[0x31] = 1;
			req[0x32] = SNP_MSG_HDR_SIZE;
			req[0x34] = fuzz_u8(&in);
			req[0x35] = fuzz_u8(&in);
			int8_t off = (int8_t)fuzz_u8(&in);
			snp_put64(req + 0x20, snp_fw_seqno(fw, vmpck) + 1 + (uint64_t)(int64_t)off);
			uint16_t len = fuzz_u16(&in) % (SNP_MSG_MAX_PAYLOAD + 1);
			snp_put16(req + 0x36, len);
			req[0x3c] = (uint8_t)vmpck;
			for (size_t i = 0; i < len; i++)
				req[0x60 + i] = fuzz_u8(&in);
			FUZZ_CHECK(gcm(true, secrets + 0x20 + 32 * vmpck, req, len));
			if ((mode & 3) == 2) {
				unsigned bit = fuzz_u16(&in) % (SNP_PAGE_SIZE * 8);
				req[bit / 8] ^= (uint8_t)(1u << bit % 8);
			}
		}

		uint64_t seq[SNP_NUM_VMPL];
		for (unsigned v = 0; v < SNP_NUM_VMPL; v++)
			seq[v] = snp_fw_seqno(fw, v);
		memset(resp, 0xa5, sizeof(resp));
		memcpy(before, resp, sizeof(resp));
		uint32_t st = snp_fw_guest_request(fw, req, resp);
		FUZZ_CHECK(known_status(st));
		if (st != SNP_FW_SUCCESS) {
			FUZZ_CHECK(!memcmp(resp, before, sizeof(resp)));
			for (unsigned v = 0; v < SNP_NUM_VMPL; v++)
				FUZZ_CHECK(snp_fw_seqno(fw, v) == seq[v]);
			continue;
		}
		unsigned vmpck = req[0x3c], type = req[0x34];
		FUZZ_CHECK(vmpck < SNP_NUM_VMPL);
		for (unsigned v = 0; v < SNP_NUM_VMPL; v++)
			FUZZ_CHECK(snp_fw_seqno(fw, v) == seq[v] + (v == vmpck ? 2 : 0));
		FUZZ_CHECK(snp_get64(req + 0x20) == seq[vmpck] + 1);
		FUZZ_CHECK(snp_get64(resp + 0x20) == seq[vmpck] + 2);
		FUZZ_CHECK(resp[0x34] == type + 1 && resp[0x3c] == vmpck && resp[0x35] == req[0x35]);
		uint16_t len = snp_get16(resp + 0x36);
		FUZZ_CHECK(gcm(false, secrets + 0x20 + 32 * vmpck, resp, len));
		FUZZ_CHECK(len == (type == SNP_MSG_REPORT_REQ ? SNP_REPORT_RSP_SIZE
							      : SNP_KEY_RSP_SIZE));
	}
	snp_fw_free(fw);
	return 0;
}

/* A sealed request: mode, type, version, offset 0, size, payload. */
static void put_sealed(struct fuzz_buf *b, unsigned vmpck, uint8_t type, const uint8_t *payload,
		       uint16_t len)
{
	fuzz_put(b, 1, 1 | vmpck << 2);
	fuzz_put(b, 1, type);
	fuzz_put(b, 1, 1);
	fuzz_put(b, 1, 0);
	fuzz_put(b, 2, len);
	for (uint16_t i = 0; i < len; i++)
		fuzz_put(b, 1, payload[i]);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	struct fuzz_buf b = { .n = 0 };
	uint8_t report[SNP_REPORT_REQ_SIZE] = { 0 }, key[SNP_KEY_REQ_SIZE] = { 0 };
	memset(report, 0x42, 64);
	fuzz_put(&b, 1, 0);
	put_sealed(&b, 0, SNP_MSG_REPORT_REQ, report, sizeof(report));
	put_sealed(&b, 2, SNP_MSG_REPORT_REQ, (report[0x40] = 2, report), sizeof(report));
	key[8] = 0x3f;
	put_sealed(&b, 0, SNP_MSG_KEY_REQ, key, sizeof(key));
	emit("report-and-key", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 1);        /* VMPCK 3 near the end of its counter */
	report[0x40] = 3;
	put_sealed(&b, 3, SNP_MSG_REPORT_REQ, report, sizeof(report));
	put_sealed(&b, 3, SNP_MSG_REPORT_REQ, report, sizeof(report));
	emit("counter-end", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 2);        /* a CPUID table: every bit may be set, small ranges */
	fuzz_put(&b, 8, ~0ull);
	fuzz_put(&b, 4, 0xd);
	fuzz_put(&b, 4, 0x40000001);
	fuzz_put(&b, 4, 0x80000008);
	emit("cpuid", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 0);
	fuzz_put(&b, 1, 0);        /* a raw header: the right fields, no authentic tag */
	fuzz_put(&b, 2, 0x60);
	for (int i = 0; i < 0x60; i++)
		fuzz_put(&b, 1, i == 0x20 ? 1 : i == 0x30 || i == 0x31 ? 1 : i == 0x32 ? 0x60
			 : i == 0x34 ? 5 : i == 0x35 ? 1 : i == 0x36 ? 0x60 : 0);
	emit("raw", b.b, b.n);
}
