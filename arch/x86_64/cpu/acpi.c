/* SPDX-License-Identifier: MIT */
/*
 * ACPI tables at start of day: find and check the RSDP, walk the XSDT (or
 * RSDT) and count the CPUs the MADT lists. Every table's checksum and
 * length are checked before it is used; a bad table is logged and skipped.
 */
#include <hv/console.h>
#include <hv/lib.h>
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
            if (flags & 3)      /* enabled or online capable */
                n++;
        } else if (p[0] == MADT_X2APIC && p[1] >= 16) {
            uint32_t flags;

            memcpy(&flags, p + 8, 4);
            if (flags & 3)
                n++;
        }
        p += p[1];
    }
    if (n)
        acpi_nr_cpus = n;
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
    }
}
