/* SPDX-License-Identifier: MIT */
/*
 * PV ABI: feature flags (XENFEAT_*), bit numbers in the submaps returned
 * by XENVER_get_features and named in the guest's FEATURES ELF note.
 *
 * Numbers are Xen 4.17's. This header only has constants; it is also
 * usable from assembly.
 */
#ifndef PUBLIC_FEATURES_H
#define PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables       0  /* Guest may write its page tables directly. */
#define XENFEAT_writable_descriptor_tables 1  /* Guest may write GDT/LDT directly. */
#define XENFEAT_auto_translated_physmap    2  /* The hypervisor translates PFNs (not PV). */
#define XENFEAT_supervisor_mode_kernel     3  /* Guest kernel runs in ring 0 (not PV). */
#define XENFEAT_pae_pgdir_above_4gb        4  /* 32-bit PAE: L3 may live above 4 GiB. */
#define XENFEAT_mmu_pt_update_preserve_ad  5  /* MMU_PT_UPDATE_PRESERVE_AD is supported. */
#define XENFEAT_highmem_assist             6  /* 32-bit highmem assists are supported. */
#define XENFEAT_gnttab_map_avail_bits      7  /* Grant maps honour GNTMAP_guest_avail bits. */
#define XENFEAT_hvm_callback_vector        8  /* HVM: events through a vector. */
#define XENFEAT_hvm_safe_pvclock           9  /* HVM: PV clock is safe to use. */
#define XENFEAT_hvm_pirqs                 10  /* HVM: PIRQs through event channels. */
#define XENFEAT_dom0                      11  /* This domain is (may run as) dom0. */
/* 12 was grant_map_identity, withdrawn. */
#define XENFEAT_memory_op_vnode_supported 13  /* XENMEM_get_vnumainfo is supported. */
#define XENFEAT_ARM_SMCCC_supported       14  /* Arm only. */
#define XENFEAT_linux_rsdp_unrestricted   15  /* PVH dom0: RSDP may be anywhere. */
#define XENFEAT_not_direct_mapped         16  /* Guest memory is not 1:1 with machine. */
#define XENFEAT_direct_mapped             17  /* Guest memory is 1:1 with machine. */

/* Number of 32-bit submaps XENVER_get_features can return. */
#define XENFEAT_NR_SUBMAPS 1

#endif /* PUBLIC_FEATURES_H */
