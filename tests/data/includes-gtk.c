/* Compiled by check-core-layering.py with sc-core's include path; it must
 * not compile (STYLE.md §2: core never sees GTK). */
#include <gtk/gtk.h>
