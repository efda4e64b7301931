/* sc-ptp-responder-store.c: the emulated THETA V's media store
 *
 * The photos and thumbnails (the emulator's scene, rendered once per
 * process), the lazily generated big video whose bytes are computed from
 * their offset, and the objects that hold them.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gst/gst.h>

#include "emu-render.h"
#include "sc-ptp-responder-private.h"

/* --- media, rendered once per process --- */

static gpointer
render_media (gpointer data)
{
  Media *media = g_new0 (Media, 1);
  g_autoptr(GError) error = NULL;
  const ScEmuImage *scene;
  g_autoptr(ScEmuRigMap) map = NULL;
  ScEmuRig rig;

  gst_init (NULL, NULL);      /* the JPEG codec is GStreamer's */
  sc_emu_scene_set_path (SC_TEST_SCENE);
  scene = sc_emu_scene_get (&error);
  if (scene == NULL)
    g_error ("The emulator's scene cannot be loaded: %s", error->message);

  sc_emu_rig_init (&rig, PHOTO_WIDTH, PHOTO_HEIGHT);
  map = sc_emu_rig_map_get (&rig, scene);
  for (guint i = 0; i < G_N_ELEMENTS (media->jpegs); i++)
    {
      g_autoptr(ScEmuImage) image = sc_emu_image_new (PHOTO_WIDTH, PHOTO_HEIGHT);
      g_autoptr(ScEmuImage) small = NULL;

      sc_emu_rig_map_render (map, scene, 45.0 * i, image);
      media->jpegs[i] = sc_emu_image_encode_jpeg (image, 85, &error);
      g_assert_no_error (error);
      small = sc_emu_image_downscale (image, THUMB_WIDTH, THUMB_WIDTH * PHOTO_HEIGHT / PHOTO_WIDTH);
      media->thumbs[i] = sc_emu_image_encode_jpeg (small, 80, &error);
      g_assert_no_error (error);
    }

  return media;
}

const Media *
_sc_ptp_responder_get_media (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, render_media, NULL);
}

/* The lazy object's bytes: little-endian 64-bit words, word i = i·φ64. */
void
sc_ptp_responder_fill_lazy (guint64  offset,
                            guint8  *buffer,
                            gsize    length)
{
  while (length > 0)
    {
      guint64 word = (offset / 8) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      guint skip = offset % 8;
      guint8 bytes[8];
      gsize n;

      if (skip == 0 && length >= 8)
        {
          word = GUINT64_TO_LE (word);
          memcpy (buffer, &word, 8);
          buffer += 8;
          offset += 8;
          length -= 8;
          continue;
        }

      for (guint i = 0; i < 8; i++)
        bytes[i] = (word >> (8 * i)) & 0xff;
      n = MIN (length, (gsize)(8 - skip));
      memcpy (buffer, bytes + skip, n);
      buffer += n;
      offset += n;
      length -= n;
    }
}

void
_sc_ptp_object_free (PtpObject *object)
{
  g_free (object->name);
  g_clear_pointer (&object->data, g_bytes_unref);
  g_clear_pointer (&object->thumb, g_bytes_unref);
  g_free (object);
}

PtpObject *
_sc_ptp_responder_add_object (ScPtpResponder *self,
                              guint32         parent,
                              guint16         format,
                              const char     *name,
                              GBytes         *data,
                              GBytes         *thumb)
{
  PtpObject *object = g_new0 (PtpObject, 1);

  object->handle = self->next_handle++;
  object->parent = parent;
  object->format = format;
  object->name = g_strdup (name);
  object->data = data != NULL ? g_bytes_ref (data) : NULL;
  object->thumb = thumb != NULL ? g_bytes_ref (thumb) : NULL;
  object->size = data != NULL ? g_bytes_get_size (data) : 0;
  g_ptr_array_add (self->objects, object);

  return object;
}

PtpObject *
_sc_ptp_responder_find_object (ScPtpResponder *self,
                               guint32         handle)
{
  for (guint i = 0; i < self->objects->len; i++)
    {
      PtpObject *object = g_ptr_array_index (self->objects, i);

      if (object->handle == handle)
        return object;
    }

  return NULL;
}
