/* sc-ui-util.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-ui-util"

#include "config.h"

#include <string.h>

#include "sc-ui.h"
#include "sc-ui-private.h"

/**
 * _sc_ui_show_toast:
 * @widget: a widget inside a toast overlay (a popover counts: its parent
 *   chain leads to the window)
 * @toast: (transfer full): the toast
 *
 * Shows @toast on the nearest #AdwToastOverlay above @widget, so that
 * pages and popovers report results without knowing the window.
 *
 * Returns: %TRUE if an overlay showed it
 */
gboolean
_sc_ui_show_toast (GtkWidget *widget,
                   AdwToast  *toast)
{
  g_autoptr(AdwToast) owned = toast;
  GtkWidget *overlay;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (ADW_IS_TOAST (toast), FALSE);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_message ("%s", adw_toast_get_title (toast));
      return FALSE;
    }

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_steal_pointer (&owned));

  return TRUE;
}

/**
 * _sc_ui_show_message:
 * @widget: a widget inside a toast overlay
 * @message: the text
 *
 * Shows @message (plain text, not markup) in a toast that stays a little
 * longer than the default, long enough to read a sentence that says what
 * to do.
 */
void
_sc_ui_show_message (GtkWidget  *widget,
                     const char *message)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  g_return_if_fail (message != NULL);

  /* Toast titles are Pango markup in libadwaita 1.2. */
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 8);
  _sc_ui_show_toast (widget, toast);
}

/**
 * _sc_ui_error_sentence:
 * @error: an error from core
 *
 * @error's message as the middle of a sentence: without its final full
 * stop, so that callers can write "Could not …: %s. Do this."
 *
 * Returns: (transfer full): the message
 */
char *
_sc_ui_error_sentence (const GError *error)
{
  char *text;
  gsize len;

  g_return_val_if_fail (error != NULL, NULL);

  text = g_strstrip (g_strdup (error->message != NULL ? error->message : ""));
  len = strlen (text);
  /* Strip a final full stop, ASCII or ideographic ("。", 3 bytes in UTF-8):
   * core's messages come translated. */
  for (;;)
    {
      if (len > 0 && (text[len - 1] == '.' || text[len - 1] == ' '))
        text[--len] = '\0';
      else if (len >= 3 && g_str_has_suffix (text, "。"))
        text[len -= 3] = '\0';
      else
        break;
    }

  return text;
}
