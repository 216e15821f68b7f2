/* SPDX-License-Identifier: MIT */
/*
 * ACPI tables at start of day: find and check the RSDP, walk the XSDT (or
 * RSDT) and count the CPUs the MADT lists. Every table's checksum and
 * length are checked before it is used; a bad table is logged and skipped.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/lib.h>
#include <asm/processor.h>
#include <asm/setup.h>

struct rsdp {
    char signature[8];
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt;
    uint32_t length;            /* revision >= 2 from here on */
    uint64_t xsdt;
    uint8_t xchecksum;
    uint8_t reserved[3];
} __packed;

struct sdt_header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
} __packed;

#define MADT_LAPIC      0
#define MADT_X2APIC     9
#define TABLE_MAX       (1u << 20)      /* refuse absurd lengths */

unsigned int acpi_nr_cpus = 1;
uint32_t acpi_cpu_apic_id[ACPI_MAX_CPUS];

/* Soft off (S5): PM1 control ports from the FADT, sleep type from \_S5. */
static uint16_t pm1a_cnt, pm1b_cnt;
static uint16_t s5_typ_a, s5_typ_b;
static bool s5_found;

#define FADT_DSDT       40
#define FADT_PM1A_CNT   64
#define FADT_PM1B_CNT   68
#define FADT_X_DSDT     140
#define PM1_SLP_EN      (1u << 13)
#define AML_PACKAGE     0x12
#define AML_BYTE        0x0a
#define AML_ZERO        0x00
#define AML_ONE         0x01

static uint8_t sum8(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint8_t s = 0;

    while (n--)
        s += *b++;
    return s;
}

/* Map a whole table after checking its header; NULL if it is bad. */
static const struct sdt_header *map_table(paddr_t pa)
{
    const struct sdt_header *h = ioremap(pa, sizeof(*h), true);

    if (!h || h->length < sizeof(*h) || h->length > TABLE_MAX) {
        printk(LOG_WARN, "ACPI: table at %#llx has a bad length",
               (unsigned long long)pa);
        return NULL;
    }
    h = ioremap(pa, h->length, true);
    if (!h || sum8(h, h->length)) {
        printk(LOG_WARN, "ACPI: table at %#llx has a bad checksum",
               (unsigned long long)pa);
        return NULL;
    }
    return h;
}

static void parse_madt(const struct sdt_header *h)
{
    const uint8_t *p = (const uint8_t *)h + sizeof(*h) + 8;
    const uint8_t *end = (const uint8_t *)h + h->length;
    unsigned int n = 0;

    while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
        if (p[0] == MADT_LAPIC && p[1] >= 8) {
            uint32_t flags;

            memcpy(&flags, p + 4, 4);
            /* Enabled only: online-capable CPUs would need hotplug. */
            if ((flags & 1) && n < ACPI_MAX_CPUS)
                acpi_cpu_apic_id[n++] = p[3];
        } else if (p[0] == MADT_X2APIC && p[1] >= 16) {
            uint32_t flags, id;

            memcpy(&id, p + 4, 4);
            memcpy(&flags, p + 8, 4);
            if ((flags & 1) && n < ACPI_MAX_CPUS)
                acpi_cpu_apic_id[n++] = id;
        }
        p += p[1];
    }
    if (n)
        acpi_nr_cpus = n;
}

/* One small integer of an AML package: Zero, One or BytePrefix nn. */
static const uint8_t *aml_small_int(const uint8_t *p, const uint8_t *end,
                                    uint16_t *v)
{
    if (p >= end)
        return NULL;
    if (*p == AML_ZERO || *p == AML_ONE) {
        *v = *p;
        return p + 1;
    }
    if (*p == AML_BYTE && p + 1 < end) {
        *v = p[1];
        return p + 2;
    }
    return NULL;
}

/*
 * Find Name(_S5_, Package() { typ_a, typ_b, ... }) in the DSDT's AML
 * without an interpreter: the sleep type values are small constants.
 */
static void parse_s5(const struct sdt_header *dsdt)
{
    const uint8_t *p = (const uint8_t *)dsdt + sizeof(*dsdt);
    const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;

    for (; p + 8 < end; p++) {
        const uint8_t *q;
        unsigned int len_bytes;

        if (memcmp(p, "_S5_", 4) || p[4] != AML_PACKAGE)
            continue;
        q = p + 5;
        len_bytes = (q[0] >> 6) + 1;    /* PkgLength: 1..4 bytes */
        q += len_bytes + 1;             /* skip it and NumElements */
        if (q >= end)
            return;
        q = aml_small_int(q, end, &s5_typ_a);
        if (q && aml_small_int(q, end, &s5_typ_b)) {
            s5_found = true;
            return;
        }
    }
}

static void parse_fadt(const struct sdt_header *h)
{
    const uint8_t *f = (const uint8_t *)h;
    uint32_t dsdt32 = 0, cnt_a = 0, cnt_b = 0;
    uint64_t dsdt = 0;
    const struct sdt_header *d;

    if (h->length < FADT_PM1B_CNT + 4)
        return;
    memcpy(&dsdt32, f + FADT_DSDT, 4);
    memcpy(&cnt_a, f + FADT_PM1A_CNT, 4);
    memcpy(&cnt_b, f + FADT_PM1B_CNT, 4);
    dsdt = dsdt32;
    if (h->length >= FADT_X_DSDT + 8) {
        uint64_t x;

        memcpy(&x, f + FADT_X_DSDT, 8);
        if (x)
            dsdt = x;
    }
    pm1a_cnt = (uint16_t)cnt_a;
    pm1b_cnt = (uint16_t)cnt_b;
    if (dsdt && (d = map_table(dsdt)) && !memcmp(d->signature, "DSDT", 4))
        parse_s5(d);
}

bool arch_poweroff_ready(void)
{
    return s5_found && pm1a_cnt;
}

void acpi_poweroff(void)
{
    if (!arch_poweroff_ready())
        return;
    outw(pm1a_cnt, (uint16_t)((s5_typ_a << 10) | PM1_SLP_EN));
    if (pm1b_cnt)
        outw(pm1b_cnt, (uint16_t)((s5_typ_b << 10) | PM1_SLP_EN));
    /* Give the chipset a moment; if we are still here, it did not work. */
    for (volatile unsigned long i = 0; i < 10000000ul; i++)
        ;
}

static paddr_t find_rsdp_low(void)
{
    /* The BIOS area 0xE0000-0xFFFFF, on 16-byte boundaries. */
    const char *area = ioremap(0xe0000, 0x20000, true);

    for (size_t off = 0; area && off < 0x20000; off += 16)
        if (!memcmp(area + off, "RSD PTR ", 8) && !sum8(area + off, 20))
            return 0xe0000 + off;
    return 0;
}

void acpi_init(paddr_t rsdp_pa)
{
    const struct rsdp *rsdp;
    const struct sdt_header *root;
    bool x;
    unsigned int entries;

    if (!rsdp_pa)
        rsdp_pa = find_rsdp_low();
    if (!rsdp_pa) {
        printk(LOG_WARN, "ACPI: no RSDP found; assuming one CPU");
        return;
    }
    rsdp = ioremap(rsdp_pa, sizeof(*rsdp), true);
    if (!rsdp || memcmp(rsdp->signature, "RSD PTR ", 8) || sum8(rsdp, 20)) {
        printk(LOG_WARN, "ACPI: RSDP at %#llx is invalid",
               (unsigned long long)rsdp_pa);
        return;
    }
    x = rsdp->revision >= 2 && rsdp->xsdt && !sum8(rsdp, sizeof(*rsdp));
    printk(LOG_INFO, "ACPI: RSDP %#llx revision %u OEM '%.6s', %s",
           (unsigned long long)rsdp_pa, rsdp->revision, rsdp->oem_id,
           x ? "XSDT" : "RSDT");
    root = map_table(x ? rsdp->xsdt : rsdp->rsdt);
    if (!root)
        return;
    entries = (root->length - sizeof(*root)) / (x ? 8 : 4);
    for (unsigned int i = 0; i < entries; i++) {
        const uint8_t *e = (const uint8_t *)root + sizeof(*root) + i * (x ? 8 : 4);
        uint64_t pa = 0;
        const struct sdt_header *h;

        memcpy(&pa, e, x ? 8 : 4);
        h = map_table(pa);
        if (h && !memcmp(h->signature, "APIC", 4))
            parse_madt(h);
        else if (h && !memcmp(h->signature, "FACP", 4))
            parse_fadt(h);
    }
}
