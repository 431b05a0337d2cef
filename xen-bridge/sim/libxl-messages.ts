/**
 * libxl's error lines, word for word as xl 4.17 prints them (file:line
 * included), for the failures the simulated host reproduces.
 */

/** What a failed domain build prints after its cause: libxl tears the half-built domain down. */
export function failedBuildTeardown(domid: number): string {
  return (
    `libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain ${domid}:Non-existant domain\n` +
    `libxl: error: libxl_domain.c:1137:domain_destroy_callback: Domain ${domid}:Unable to destroy guest\n` +
    `libxl: error: libxl_domain.c:1064:domain_destroy_cb: Domain ${domid}:Destruction of domain failed\n`
  );
}

/** libxl's line for a new domain whose build failed. */
export function cannotRebuild(domid: number): string {
  return `libxl: error: libxl_create.c:1640:domcreate_rebuild_done: Domain ${domid}:cannot (re-)build domain: -3\n`;
}

export function nameExists(domid: number, name: string): string {
  return `libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain ${domid}:Domain with name "${name}" already exists.\n`;
}

export function createNameExists(domid: number, name: string): string {
  return nameExists(domid, name) + `libxl: error: libxl_create.c:1296:initiate_domain_create: Domain ${domid}:cannot make domain: -6\n` + failedBuildTeardown(domid);
}

/**
 * A PV kernel or ramdisk that cannot be opened: xc's panic, then libxl_dom.c's
 * report of the step (the kernel's line is in the samples; the ramdisk's is
 * the same function's next load, 13 lines further down in 4.17).
 */
export function createBootFileUnreadable(domid: number, what: 'kernel' | 'ramdisk', path: string, reason: string): string {
  const step = what === 'kernel' ? '646:libxl__build_pv: xc_dom_kernel_file' : '659:libxl__build_pv: xc_dom_ramdisk_file';
  return (
    `xc: error: panic: xg_dom_core.c:205: failed to open file '${path}': ${reason}: Internal error\n` +
    `libxl: error: libxl_dom.c:${step} failed: ${reason}\n` +
    cannotRebuild(domid) +
    failedBuildTeardown(domid)
  );
}

export function createOutOfMemory(domid: number): string {
  return (
    "xc: error: panic: xg_dom_boot.c:119: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory\n" +
    'libxl: error: libxl_dom.c:586:libxl__build_dom: xc_dom_boot_mem_init failed: Cannot allocate memory\n' +
    cannotRebuild(domid) +
    failedBuildTeardown(domid)
  );
}

/** `xl destroy N` of a domid that does not exist. */
export function destroyMissing(domid: number): string {
  return failedBuildTeardown(domid) + 'destroy failed (rc=-21)\n';
}

/** A libxl call on a domid that does not exist (xl pause 9999 and its kind). */
export function noSuchProcess(fn: string, line: number, domid: number, what: string): string {
  return `libxl: error: libxl_domain.c:${line}:${fn}: Domain ${domid}:${what}: No such process\n`;
}
