/* sc-policy-window.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-policy-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-ui.h"

/**
 * ScPolicyWindow:
 *
 * Shows the full text of the User Agreement or the Privacy Policy, in the
 * user's language, with its version and date in the header bar. The
 * Markdown is rendered simply: headings larger and bold, paragraphs,
 * bullet lists and **bold** spans. Escape closes it.
 */
struct _ScPolicyWindow
{
  AdwWindow         parent_instance;

  ScPolicyDocument  document;

  AdwWindowTitle   *window_title;
  GtkTextView      *text_view;
};

G_DEFINE_FINAL_TYPE (ScPolicyWindow, sc_policy_window, ADW_TYPE_WINDOW)

typedef enum {
  BLOCK_NONE,
  BLOCK_PARAGRAPH,
  BLOCK_H1,
  BLOCK_H2,
  BLOCK_H3,
  BLOCK_BULLET,
} BlockKind;

/* Inserts @text with @tag, turning **…** spans bold. */
static void
insert_inline (GtkTextBuffer *buffer,
               GtkTextIter   *iter,
               const char    *text,
               const char    *tag)
{
  g_auto(GStrv) parts = g_strsplit (text, "**", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (i % 2 == 1)
        gtk_text_buffer_insert_with_tags_by_name (buffer, iter, parts[i], -1, "bold", tag, NULL);
      else
        gtk_text_buffer_insert_with_tags_by_name (buffer, iter, parts[i], -1, tag, NULL);
    }
}

static void
flush_block (GtkTextBuffer *buffer,
             GtkTextIter   *iter,
             BlockKind      kind,
             GString       *text)
{
  static const char * const tags[] = {
    [BLOCK_NONE] = "paragraph",
    [BLOCK_PARAGRAPH] = "paragraph",
    [BLOCK_H1] = "h1",
    [BLOCK_H2] = "h2",
    [BLOCK_H3] = "h3",
    [BLOCK_BULLET] = "bullet",
  };

  if (kind == BLOCK_NONE || text->len == 0)
    return;

  if (gtk_text_iter_get_offset (iter) > 0)
    gtk_text_buffer_insert (buffer, iter, "\n", -1);
  if (kind == BLOCK_BULLET)
    gtk_text_buffer_insert_with_tags_by_name (buffer, iter, "• ", -1, tags[kind], NULL);
  insert_inline (buffer, iter, text->str, tags[kind]);
  g_string_truncate (text, 0);
}

static void
render_markdown (GtkTextBuffer *buffer,
                 const char    *markdown)
{
  g_auto(GStrv) lines = g_strsplit (markdown, "\n", -1);
  g_autoptr(GString) text = g_string_new (NULL);
  BlockKind kind = BLOCK_NONE;
  GtkTextIter iter;

  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_buffer_get_end_iter (buffer, &iter);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *stripped = line + strspn (line, " \t");
      g_autofree char *content = g_strstrip (g_strdup (stripped));
      BlockKind starts = BLOCK_NONE;
      const char *body = content;

      if (content[0] == '\0')
        {
          flush_block (buffer, &iter, kind, text);
          kind = BLOCK_NONE;
          continue;
        }

      if (g_str_has_prefix (content, "### "))
        starts = BLOCK_H3, body = content + 4;
      else if (g_str_has_prefix (content, "## "))
        starts = BLOCK_H2, body = content + 3;
      else if (g_str_has_prefix (content, "# "))
        starts = BLOCK_H1, body = content + 2;
      else if (stripped == line &&
               (g_str_has_prefix (content, "- ") || g_str_has_prefix (content, "* ")))
        starts = BLOCK_BULLET, body = content + 2;

      if (starts != BLOCK_NONE)
        {
          flush_block (buffer, &iter, kind, text);
          kind = starts;
          g_string_append (text, body);
          /* Headings are one line. */
          if (kind == BLOCK_H1 || kind == BLOCK_H2 || kind == BLOCK_H3)
            {
              flush_block (buffer, &iter, kind, text);
              kind = BLOCK_NONE;
            }
          continue;
        }

      /* A continuation line, or the start of a paragraph. */
      if (kind == BLOCK_NONE)
        kind = BLOCK_PARAGRAPH;
      if (text->len > 0)
        {
          gunichar last = g_utf8_get_char (g_utf8_prev_char (text->str + text->len));
          gunichar first = g_utf8_get_char (body);

          /* CJK text is wrapped without spaces between its lines. */
          if (!(g_unichar_iswide (last) && g_unichar_iswide (first)))
            g_string_append_c (text, ' ');
        }
      g_string_append (text, body);
    }

  flush_block (buffer, &iter, kind, text);
}

static void
create_tags (GtkTextBuffer *buffer)
{
  gtk_text_buffer_create_tag (buffer, "paragraph",
                              "pixels-below-lines", 10,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "h1",
                              "weight", PANGO_WEIGHT_BOLD,
                              "scale", 1.6,
                              "pixels-below-lines", 12,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "h2",
                              "weight", PANGO_WEIGHT_BOLD,
                              "scale", 1.25,
                              "pixels-above-lines", 12,
                              "pixels-below-lines", 8,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "h3",
                              "weight", PANGO_WEIGHT_BOLD,
                              "pixels-above-lines", 8,
                              "pixels-below-lines", 6,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "bullet",
                              "left-margin", 36,
                              "indent", -14,
                              "pixels-below-lines", 6,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "bold",
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
}

static void
load_document (ScPolicyWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *version = NULL;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *title;

  title = self->document == SC_POLICY_USER_AGREEMENT ? _("User Agreement") : _("Privacy Policy");
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);

  if (!sc_policy_load (self->document, NULL, &text, &version, &date, NULL, &error))
    {
      g_autofree char *message = NULL;

      g_warning ("Could not load the %s: %s", sc_policy_document_to_string (self->document),
                 error->message);
      message = g_strdup_printf (_("The text could not be loaded: %s. Reinstall Spherecam to "
                                   "restore it."), error->message);
      gtk_text_buffer_set_text (buffer, message, -1);
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  /* Translators: under "Privacy Policy": its version and date, "Version 1.0 · 2026-11-22" */
  subtitle = g_strdup_printf (_("Version %s · %s"), version, date);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  render_markdown (buffer, text);
}

static void
sc_policy_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SC_TYPE_POLICY_WINDOW);

  G_OBJECT_CLASS (sc_policy_window_parent_class)->dispose (object);
}

static void
sc_policy_window_class_init (ScPolicyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_policy_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SC_RESOURCE_BASE "/ui/sc-policy-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPolicyWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScPolicyWindow, text_view);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sc_policy_window_init (ScPolicyWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  create_tags (gtk_text_view_get_buffer (self->text_view));
}

/**
 * sc_policy_window_new:
 * @transient_for: (nullable): the parent window
 * @document: which text to show
 *
 * Returns: (transfer full): a new window showing @document in the user's
 *   language
 */
ScPolicyWindow *
sc_policy_window_new (GtkWindow        *transient_for,
                      ScPolicyDocument  document)
{
  ScPolicyWindow *self;

  self = g_object_new (SC_TYPE_POLICY_WINDOW,
                       "transient-for", transient_for,
                       "modal", transient_for != NULL,
                       NULL);
  self->document = document;
  load_document (self);

  return self;
}

/**
 * sc_policy_window_get_document:
 * @self: a #ScPolicyWindow
 *
 * Returns: the document shown
 */
ScPolicyDocument
sc_policy_window_get_document (ScPolicyWindow *self)
{
  g_return_val_if_fail (SC_IS_POLICY_WINDOW (self), SC_POLICY_USER_AGREEMENT);

  return self->document;
}

/**
 * sc_policy_window_dup_text:
 * @self: a #ScPolicyWindow
 *
 * Returns: (transfer full): the text shown, without formatting
 */
char *
sc_policy_window_dup_text (ScPolicyWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SC_IS_POLICY_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
