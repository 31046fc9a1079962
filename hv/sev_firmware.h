/*
 * The AMD secure processor (the SEV-SNP firmware) as hvsim plays it for an
 * SNP guest: the pages a bootloader hands the guest at launch (the CC blob,
 * the SNP CPUID table, the secrets page with the VMPCKs) and the firmware's
 * side of SNP_GUEST_REQUEST (AES-256-GCM guest messages, attestation
 * reports signed with ECDSA P-384, derived keys).
 *
 * Sources: AMD "SEV Secure Nested Paging Firmware ABI Specification" (56860:
 * 7.1 CPUID reporting, 8.14.2 LAUNCH_UPDATE page types, 8.26 SNP_GUEST_REQUEST,
 * 7.3 guest messages, 7.4 attestation report, appendix "digital signatures");
 * Linux: arch/x86/include/asm/sev.h (cc_blob_sev_info, snp_cpuid_table,
 * snp_secrets_page, snp_guest_msg_hdr), include/uapi/linux/psp-sev.h (the
 * firmware's status codes), include/uapi/linux/sev-guest.h (request and
 * response payloads), arch/x86/include/uapi/asm/setup_data.h (SETUP_CC_BLOB).
 *
 * Everything here works on byte buffers in the guest's little-endian layout:
 * the caller (the x86 board at boot, the GHCB handler for guest requests)
 * moves them in and out of guest memory through mem/. The crypto is
 * OpenSSL's libcrypto (already linked for the launch digest): AES-GCM and
 * ECDSA are not something to write by hand, and libcrypto gives both.
 */
#ifndef HVSIM_HV_SEV_FIRMWARE_H
#define HVSIM_HV_SEV_FIRMWARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNP_PAGE_SIZE 4096u

/* ---- The CC blob (Linux's struct cc_blob_sev_info, OVMF's "AMDE" blob). ---- */

/* setup_data type of the entry that points to the CC blob (setup_data.h). */
#define SNP_SETUP_CC_BLOB 7u
#define SNP_CC_BLOB_MAGIC 0x45444d41u /* "AMDE" little-endian */
#define SNP_CC_BLOB_VERSION 1u
#define SNP_CC_BLOB_SIZE 40u          /* 4+2+2 + 8+4+4 + 8+4+4 */

/*
 * Write the blob: magic, version, the secrets page (its length exactly one
 * page, as Linux checks) and the CPUID page.
 */
void snp_cc_blob_build(uint8_t blob[SNP_CC_BLOB_SIZE], uint64_t secrets_gpa,
		       uint64_t cpuid_gpa);

/*
 * The setup_data entry that points to the blob (Linux's struct
 * cc_setup_data: setup_data's next, type 7, len 4, then the blob's address
 * in 32 bits, so the blob must lie below 4 GiB); `next` chains the entry
 * as the boot protocol's setup_data list does (0: the last). false if
 * blob_gpa does not fit 32 bits.
 */
#define SNP_CC_SETUP_DATA_SIZE 20u
bool snp_cc_setup_data_build(uint8_t entry[SNP_CC_SETUP_DATA_SIZE], uint64_t next,
			     uint64_t blob_gpa);

/* ---- The SNP CPUID table (56860 7.1; Linux's struct snp_cpuid_table). ---- */

#define SNP_CPUID_MAX 64u             /* the firmware's limit per table */
#define SNP_CPUID_HDR_SIZE 16u        /* count, reserved */
#define SNP_CPUID_ENTRY_SIZE 48u      /* fn, index, xcr0_in, xss_in, eax..edx, reserved */

/*
 * The board's CPU answers CPUID: out[0..3] = EAX, EBX, ECX, EDX for
 * function fn, index (ECX), evaluated as if XCR0 = xcr0 and IA32_XSS = xss
 * (only leaf 0xD depends on them: its sizes).
 */
typedef void (*snp_cpuid_eval_fn)(void *opaque, uint32_t fn, uint32_t index,
				  uint64_t xcr0, uint64_t xss, uint32_t out[4]);

/*
 * Fill a CPUID page (zeroed first) from the board's CPUID: the standard,
 * hypervisor and extended ranges up to the maxima their first leaves
 * report, each indexed leaf with its subleaves, leaf 0xD's subleaves 0 and 1
 * for the legacy state (XCR0_IN = 1, XSS_IN = 0, what Linux's snp_cpuid
 * looks for) and one subleaf for every state component the CPU supports
 * beyond x87/SSE. All-zero leaves are left out (Linux reads a missing leaf
 * inside a range as zeros). Returns the number of entries, or -1 if the
 * CPU reports more than the firmware's 64 (the page then holds none).
 */
int snp_cpuid_table_build(uint8_t page[SNP_PAGE_SIZE], snp_cpuid_eval_fn eval,
			  void *opaque);

/* ---- The secrets page (56860 8.14.2.5; Linux's struct snp_secrets_page). ---- */

#define SNP_VMPCK_LEN 32u
#define SNP_NUM_VMPL 4u

/* What the page tells a guest under an SVSM (Linux reads these at VMPL > 0). */
struct snp_svsm_info {
	uint64_t base, size;              /* the SVSM's own memory */
	uint64_t caa;                     /* the boot vCPU's calling area GPA */
	uint32_t max_version;             /* the SVSM protocol versions offered */
	uint8_t guest_vmpl;               /* the VMPL the guest runs at (1-3) */
};

/* ---- The firmware: one per SNP guest. ---- */

/* What the launch fixed (LAUNCH_START / LAUNCH_FINISH's inputs). */
struct snp_fw_config {
	/*
	 * Where every secret comes from: the VMPCKs, the VCEK-like signing key,
	 * the chip id and the key-derivation root are all derived from it, so
	 * the same command line gives the same keys and the same reports.
	 */
	uint64_t seed;
	uint64_t policy;                  /* guest policy (56860 4.3) */
	uint32_t guest_svn;
	uint8_t family_id[16], image_id[16];
	uint8_t host_data[32];
	uint64_t tcb;                     /* TCB_VERSION: current = reported = launch */
	uint32_t cpuid_fms;               /* the CPU's signature, CPUID 1 EAX (secrets page, report) */
};

struct snp_fw;

/* NULL if libcrypto cannot make the signing key. */
struct snp_fw *snp_fw_new(const struct snp_fw_config *cfg);
void snp_fw_free(struct snp_fw *fw);

/* The launch digest (SHA-384) hvsim_vm_finalize computed: the report's MEASUREMENT. */
void snp_fw_set_measurement(struct snp_fw *fw, const uint8_t digest[48]);

/*
 * Write the secrets page: version, the four VMPCKs, and (svsm non-NULL) the
 * SVSM fields, with the VMPCKs of the VMPLs above the guest's zeroed (the
 * guest's copy). The guest's OS area starts zeroed.
 */
void snp_fw_secrets_page(const struct snp_fw *fw, uint8_t page[SNP_PAGE_SIZE],
			 const struct snp_svsm_info *svsm);

/* The VMPCK the secrets page gives VMPL `vmpck` (0-3). */
const uint8_t *snp_fw_vmpck(const struct snp_fw *fw, unsigned vmpck);

/*
 * The public half of the report-signing key, as an uncompressed SEC1 point
 * (0x04 || X || Y, big-endian, 97 bytes): what a verifier would take from
 * the VCEK certificate.
 */
#define SNP_SIGNING_PUB_LEN 97u
void snp_fw_signing_pub(const struct snp_fw *fw, uint8_t out[SNP_SIGNING_PUB_LEN]);

/*
 * The firmware's status codes (psp-sev.h's sev_ret_code) SNP_GUEST_REQUEST
 * returns here; the hypervisor puts them in the low 32 bits of
 * SW_EXITINFO2, where Linux's sev-guest driver reads them as fw_error.
 * Which check gives which code is hvsim's reading of 56860 8.26:
 *   a header that is not version 1, 0x60 bytes, AES-256-GCM, a known
 *   request type and a VMPCK 0-3, or a wrong sequence number: INVALID_PARAM;
 *   a payload size that is not the request's (or does not fit the page): INVALID_LEN;
 *   a message that fails authentication: SECURE_DATA_INVALID (integrity);
 *   a sequence number that would wrap: AEAD_OFLOW.
 */
enum snp_fw_status {
	SNP_FW_SUCCESS = 0x00,
	SNP_FW_INVALID_LEN = 0x04,
	SNP_FW_INVALID_PARAM = 0x16,
	SNP_FW_SECURE_DATA_INVALID = 0x18,
	SNP_FW_AEAD_OFLOW = 0x1d,
};

/* The status inside a REPORT_RSP / KEY_RSP payload (56860 tables 22, 20). */
enum snp_msg_status {
	SNP_MSG_SUCCESS = 0x00,
	SNP_MSG_INVALID_PARAMETERS = 0x16,
	SNP_MSG_INVALID_KEY_SELECTION = 0x27,
};

/* Guest message types (56860 table "message types"; Linux's enum msg_type). */
enum snp_msg_type {
	SNP_MSG_KEY_REQ = 3,
	SNP_MSG_KEY_RSP = 4,
	SNP_MSG_REPORT_REQ = 5,
	SNP_MSG_REPORT_RSP = 6,
};

/* The guest message header (Linux's struct snp_guest_msg_hdr). */
#define SNP_MSG_HDR_SIZE 0x60u
#define SNP_MSG_AAD_OFF 0x30u         /* the AAD: the header from ALGO on (48 bytes) */
#define SNP_MSG_AUTHTAG_LEN 16u
#define SNP_MSG_MAX_PAYLOAD (SNP_PAGE_SIZE - SNP_MSG_HDR_SIZE)
#define SNP_AEAD_AES_256_GCM 1u

#define SNP_REPORT_REQ_SIZE 0x60u     /* report_data[64], vmpl, key_sel, reserved */
#define SNP_REPORT_RSP_SIZE 0x4c0u    /* status, report_size, reserved, report */
#define SNP_KEY_REQ_SIZE 0x20u        /* root_key_select, guest_field_select, vmpl, svn, tcb */
#define SNP_KEY_RSP_SIZE 0x40u        /* status, reserved, derived key[32] */
#define SNP_REPORT_SIZE 0x4a0u        /* the attestation report (56860 7.4) */
#define SNP_REPORT_SIGNED_LEN 0x2a0u  /* the signature covers bytes 0..0x29f */

/*
 * SNP_GUEST_REQUEST: the request page as the guest wrote it (a shared
 * page the hypervisor passes on), and the response page the firmware
 * writes. Returns the firmware status; on SUCCESS, resp holds an encrypted
 * response (sequence number = request's + 1, same VMPCK). On failure resp
 * is untouched and the sequence numbers do not move. The VMPCK is the
 * header's MSG_VMPCK.
 */
uint32_t snp_fw_guest_request(struct snp_fw *fw, const uint8_t req[SNP_PAGE_SIZE],
			      uint8_t resp[SNP_PAGE_SIZE]);

/* What --stats reports of the firmware: guest requests by outcome. */
struct snp_fw_stats {
	uint64_t reports, keys;           /* answered (the payload status may still refuse) */
	uint64_t refused;                 /* SNP_GUEST_REQUEST failed: a status other than SUCCESS */
};
const struct snp_fw_stats *snp_fw_stats(const struct snp_fw *fw);

/*
 * The guest context's message counters (the last sequence number used with
 * each VMPCK), for a snapshot to save and restore.
 */
uint64_t snp_fw_seqno(const struct snp_fw *fw, unsigned vmpck);
void snp_fw_set_seqno(struct snp_fw *fw, unsigned vmpck, uint64_t seqno);

/*
 * The guest context in a snapshot (mem/snap.h): the message sequence
 * numbers, the launch digest the reports carry and the statistics. The
 * keys are not saved: they derive from the configuration's seed, which a
 * restore must match.
 */
struct snap;
void snp_fw_snapshot(struct snp_fw *fw, struct snap *s);

/*
 * The firmware's signer: ECDSA P-384 over a SHA-384 digest with the nonce k
 * of RFC 6979 section 3.2 (HMAC-SHA-384), so one key and one digest give one
 * signature: a run's reports repeat byte for byte. OpenSSL 3.0 (Debian 12)
 * has no deterministic ECDSA of its own, so the nonce is drawn here and
 * libcrypto's big-number and curve arithmetic does the rest. r and s are
 * big-endian. false if libcrypto fails.
 */
bool snp_ecdsa_p384_sign(const uint8_t d[48], const uint8_t digest[48], uint8_t r[48],
			 uint8_t s[48]);

/* Little-endian fields of the SNP structures (they are all little-endian). */
static inline void snp_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void snp_put32(uint8_t *p, uint32_t v) { snp_put16(p, (uint16_t)v); snp_put16(p + 2, (uint16_t)(v >> 16)); }
static inline void snp_put64(uint8_t *p, uint64_t v) { snp_put32(p, (uint32_t)v); snp_put32(p + 4, (uint32_t)(v >> 32)); }
static inline uint16_t snp_get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t snp_get32(const uint8_t *p) { return snp_get16(p) | (uint32_t)snp_get16(p + 2) << 16; }
static inline uint64_t snp_get64(const uint8_t *p) { return snp_get32(p) | (uint64_t)snp_get32(p + 4) << 32; }

#endif
