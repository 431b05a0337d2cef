/** xl's print_bitmap text for a CPU or node set: "all", "none", or ranges such as "0-3,6". */
export const XL_BITMAP = /all|none|\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*/;
