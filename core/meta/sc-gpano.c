/* sc-gpano.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-spherical"

#include "config.h"

#include <math.h>
#include <string.h>

#include <exempi/xmp.h>
#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-jpeg-private.h"
#include "sc-mp4-private.h"

/* XMP GPano in the standard XMP packet of a JPEG (PROTOCOLS.md §3.5, §3.6).
 * exempi parses and serialises the packet (existing properties of other
 * schemas are kept); the APP1 segment is spliced by hand so that the file is
 * written to a temporary file and renamed only when complete. */

#define GPANO_NS       "http://ns.google.com/photos/1.0/panorama/"
#define XMP_HEADER     "http://ns.adobe.com/xap/1.0/"
#define XMP_HEADER_LEN 29   /* with its NUL */
#define XMP_MAX_PACKET 65502

typedef struct
{
  guint8 *data;
  gsize   len;
  guint   width;
  guint   height;
  gsize   xmp_start;    /* segment start (FF), 0 when absent */
  gsize   xmp_end;
  gsize   insert_at;    /* after SOI, APP0 and Exif */
} JpegLayout;

static void
ensure_exempi (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      if (!xmp_init ())
        g_warning ("exempi failed to initialise");
      xmp_register_namespace (GPANO_NS, "GPano", NULL);
      g_once_init_leave (&initialised, 1);
    }
}

static gboolean
jpeg_corrupt (GError     **error,
              const char  *detail)
{
  g_debug ("Not a usable JPEG: %s", detail);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The photo is damaged or not a JPEG file."));
  return FALSE;
}

static gboolean
find_xmp_cb (const guint8         *d,
             const ScJpegSegment  *segment,
             gpointer              user_data,
             const char          **detail)
{
  JpegLayout *layout = user_data;
  guint8 marker = segment->marker;

  if (_sc_jpeg_marker_is_sof (marker))
    {
      if (segment->end - segment->payload < 6)
        {
          *detail = "short SOF";
          return FALSE;
        }
      layout->height = rd16 (d + segment->payload + 1);
      layout->width = rd16 (d + segment->payload + 3);
    }
  else if (marker == 0xE1 && segment->end - segment->payload >= XMP_HEADER_LEN &&
           memcmp (d + segment->payload, XMP_HEADER, XMP_HEADER_LEN) == 0)
    {
      if (layout->xmp_start == 0)
        {
          layout->xmp_start = segment->start;
          layout->xmp_end = segment->end;
        }
    }
  else if ((marker == 0xE0 || marker == 0xE1) && layout->insert_at == segment->start)
    {
      /* JFIF and Exif stay first. */
      layout->insert_at = segment->end;
    }

  return TRUE;
}

/* Walks the markers up to SOS: the frame size, the standard XMP APP1, where
 * a new one goes, and that the file ends with EOI. */
static gboolean
jpeg_parse (JpegLayout  *layout,
            GError     **error)
{
  const char *detail = NULL;

  layout->xmp_start = layout->xmp_end = 0;
  layout->insert_at = 2;
  layout->width = layout->height = 0;

  if (!_sc_jpeg_walk (layout->data, layout->len, find_xmp_cb, layout, &detail))
    return jpeg_corrupt (error, detail);
  if (layout->width == 0 || layout->height == 0)
    return jpeg_corrupt (error, "no frame size");

  return TRUE;
}

static gboolean
jpeg_load (GFile       *file,
           JpegLayout  *layout,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  memset (layout, 0, sizeof *layout);
  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, &local_error))
    {
      g_debug ("Could not read the photo: %s", local_error->message);
      g_set_error_literal (error, local_error->domain, local_error->code,
                           _("Could not read the photo. Check that it exists and can be read."));
      return FALSE;
    }
  layout->data = (guint8 *) contents;
  layout->len = len;

  if (!jpeg_parse (layout, error))
    {
      g_clear_pointer (&layout->data, g_free);
      return FALSE;
    }

  return TRUE;
}

/**
 * sc_gpano_init_equirect:
 * @gpano: (out caller-allocates): the struct to fill
 * @width: the image width in pixels
 * @height: the image height in pixels
 *
 * Fills @gpano for an uncropped equirectangular image of @width × @height:
 * the full panorama is the image itself, heading 0, no tilt.
 */
void
sc_gpano_init_equirect (ScGPano *gpano,
                        guint    width,
                        guint    height)
{
  g_return_if_fail (gpano != NULL);

  memset (gpano, 0, sizeof *gpano);
  gpano->projection_type = g_strdup ("equirectangular");
  gpano->use_panorama_viewer = TRUE;
  gpano->full_pano_width = gpano->cropped_width = (gint) MIN (width, G_MAXINT);
  gpano->full_pano_height = gpano->cropped_height = (gint) MIN (height, G_MAXINT);
  gpano->cropped_left = gpano->cropped_top = 0;
}

/**
 * sc_gpano_clear:
 * @gpano: a #ScGPano
 *
 * Frees what @gpano owns; it can be filled again.
 */
void
sc_gpano_clear (ScGPano *gpano)
{
  g_return_if_fail (gpano != NULL);

  g_clear_pointer (&gpano->projection_type, g_free);
}

/**
 * sc_gpano_is_valid:
 * @gpano: the properties read from a photo
 * @width: the photo's width in pixels
 * @height: the photo's height in pixels
 * @problem: (out) (optional) (transfer none): a translated sentence saying
 *   what is wrong, when it is
 *
 * Checks that @gpano describes an equirectangular panorama that viewers
 * show: ProjectionType equirectangular, UsePanoramaViewer, the cropped area
 * equal to the image size and inside a 2:1 full panorama.
 *
 * Returns: %TRUE when valid
 */
gboolean
sc_gpano_is_valid (const ScGPano  *gpano,
                   guint           width,
                   guint           height,
                   const char    **problem)
{
  const char *why = NULL;

  g_return_val_if_fail (gpano != NULL, FALSE);

  if (g_strcmp0 (gpano->projection_type, "equirectangular") != 0)
    why = _("The photo's GPano projection is not equirectangular.");
  else if (!gpano->use_panorama_viewer)
    why = _("The photo's GPano metadata turns the panorama viewer off.");
  else if (gpano->full_pano_width <= 0 || gpano->full_pano_height <= 0 ||
           gpano->cropped_width <= 0 || gpano->cropped_height <= 0 ||
           gpano->cropped_left < 0 || gpano->cropped_top < 0)
    why = _("The photo's GPano metadata lacks the panorama and cropped area sizes.");
  else if ((guint) gpano->cropped_width != width || (guint) gpano->cropped_height != height)
    why = _("The photo's GPano cropped area does not match the image size.");
  else if ((gint64) gpano->cropped_left + gpano->cropped_width > gpano->full_pano_width ||
           (gint64) gpano->cropped_top + gpano->cropped_height > gpano->full_pano_height ||
           (gint64) gpano->full_pano_width != 2 * (gint64) gpano->full_pano_height)
    why = _("The photo's GPano full panorama size is not 2:1 or does not contain the image.");

  if (problem != NULL)
    *problem = why;
  return why == NULL;
}

static gint
xmp_get_int (XmpPtr      xmp,
             const char *name)
{
  int32_t value = -1;

  if (!xmp_get_property_int32 (xmp, GPANO_NS, name, &value, NULL))
    return -1;
  return value;
}

static double
xmp_get_double (XmpPtr      xmp,
                const char *name,
                gboolean   *found)
{
  double value = 0;

  *found = xmp_get_property_float (xmp, GPANO_NS, name, &value, NULL);
  return *found && isfinite (value) ? value : 0;
}

static XmpPtr
layout_get_xmp (const JpegLayout *layout)
{
  gsize start, len;

  if (layout->xmp_start == 0)
    return NULL;
  start = layout->xmp_start + 4 + XMP_HEADER_LEN;
  len = layout->xmp_end - start;
  return xmp_new ((const char *) layout->data + start, len);
}

/* Reads the GPano fields and the frame size from a parsed @layout. */
static void
read_layout (const JpegLayout *layout,
             ScGPano          *gpano,
             gboolean         *present,
             guint            *width,
             guint            *height)
{
  XmpPtr xmp;

  memset (gpano, 0, sizeof *gpano);
  gpano->full_pano_width = gpano->full_pano_height = -1;
  gpano->cropped_width = gpano->cropped_height = -1;
  gpano->cropped_left = gpano->cropped_top = -1;
  *present = FALSE;

  if (width != NULL)
    *width = layout->width;
  if (height != NULL)
    *height = layout->height;

  if ((xmp = layout_get_xmp (layout)) != NULL)
    {
      XmpStringPtr value = xmp_string_new ();
      bool flag = FALSE;
      gboolean found;

      if (xmp_get_property (xmp, GPANO_NS, "ProjectionType", value, NULL))
        {
          *present = TRUE;
          gpano->projection_type = g_strdup (xmp_string_cstr (value));
        }
      /* Absent means True (PROTOCOLS.md §3.5). */
      gpano->use_panorama_viewer = !xmp_get_property_bool (xmp, GPANO_NS, "UsePanoramaViewer",
                                                           &flag, NULL) || flag;
      gpano->full_pano_width = xmp_get_int (xmp, "FullPanoWidthPixels");
      gpano->full_pano_height = xmp_get_int (xmp, "FullPanoHeightPixels");
      gpano->cropped_width = xmp_get_int (xmp, "CroppedAreaImageWidthPixels");
      gpano->cropped_height = xmp_get_int (xmp, "CroppedAreaImageHeightPixels");
      gpano->cropped_left = xmp_get_int (xmp, "CroppedAreaLeftPixels");
      gpano->cropped_top = xmp_get_int (xmp, "CroppedAreaTopPixels");
      gpano->pose_heading = xmp_get_double (xmp, "PoseHeadingDegrees", &found);
      gpano->has_pose_heading = found;
      gpano->pose_pitch = xmp_get_double (xmp, "PosePitchDegrees", &found);
      gpano->has_pose_tilt = found;
      gpano->pose_roll = xmp_get_double (xmp, "PoseRollDegrees", &found);
      gpano->has_pose_tilt |= found;
      xmp_string_free (value);
      xmp_free (xmp);
    }
}

/**
 * sc_gpano_read_jpeg:
 * @file: a JPEG photo
 * @gpano: (out caller-allocates): the GPano properties, cleared with
 *   sc_gpano_clear(); filled with -1 sizes when absent
 * @present: (out): whether the standard XMP packet has GPano:ProjectionType
 * @width: (out) (optional): the image width in pixels
 * @height: (out) (optional): the image height in pixels
 * @error: return location for a #GError
 *
 * Reads the GPano properties (through exempi) and the frame size of a JPEG.
 * Reads the whole file; blocks.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_INVALID_DATA for a
 *   damaged or truncated JPEG, or another #GError
 */
gboolean
sc_gpano_read_jpeg (GFile    *file,
                    ScGPano  *gpano,
                    gboolean *present,
                    guint    *width,
                    guint    *height,
                    GError  **error)
{
  JpegLayout layout;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (gpano != NULL, FALSE);
  g_return_val_if_fail (present != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_exempi ();
  if (!jpeg_load (file, &layout, error))
    return FALSE;

  read_layout (&layout, gpano, present, width, height);
  g_free (layout.data);

  return TRUE;
}

/**
 * sc_gpano_read_jpeg_bytes:
 * @jpeg: a whole JPEG file already in memory
 * @gpano: (out caller-allocates): the GPano fields found
 * @present: (out): whether the photo has GPano metadata
 * @width: (out) (optional): the image width
 * @height: (out) (optional): the image height
 * @error: return location for a #GError
 *
 * sc_gpano_read_jpeg() for a file the caller has read already.
 *
 * Returns: %TRUE if @jpeg is a complete JPEG
 */
gboolean
sc_gpano_read_jpeg_bytes (GBytes   *jpeg,
                          ScGPano  *gpano,
                          gboolean *present,
                          guint    *width,
                          guint    *height,
                          GError  **error)
{
  JpegLayout layout = { 0 };
  gsize len;

  g_return_val_if_fail (jpeg != NULL, FALSE);
  g_return_val_if_fail (gpano != NULL, FALSE);
  g_return_val_if_fail (present != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_exempi ();
  layout.data = (guint8 *) g_bytes_get_data (jpeg, &len);   /* borrowed */
  layout.len = len;
  if (!jpeg_parse (&layout, error))
    return FALSE;

  read_layout (&layout, gpano, present, width, height);

  return TRUE;
}

static void
set_int (XmpPtr      xmp,
         const char *name,
         gint        value)
{
  xmp_set_property_int32 (xmp, GPANO_NS, name, value, 0);
}

static void
set_double (XmpPtr      xmp,
            const char *name,
            double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.1f", value);
  xmp_set_property (xmp, GPANO_NS, name, buf, 0);
}

/* The packet to write: the old one (when exempi can parse it) with GPano
 * set, so other schemas survive. */
static char *
build_packet (const JpegLayout  *layout,
              const ScGPano     *gpano,
              gsize             *len)
{
  XmpPtr xmp = layout_get_xmp (layout);
  XmpStringPtr out = xmp_string_new ();
  char *ret = NULL;

  if (xmp == NULL)
    xmp = xmp_new_empty ();

  xmp_set_property (xmp, GPANO_NS, "ProjectionType",
                    gpano->projection_type != NULL ? gpano->projection_type : "equirectangular", 0);
  xmp_set_property_bool (xmp, GPANO_NS, "UsePanoramaViewer", gpano->use_panorama_viewer, 0);
  set_int (xmp, "CroppedAreaImageWidthPixels", gpano->cropped_width);
  set_int (xmp, "CroppedAreaImageHeightPixels", gpano->cropped_height);
  set_int (xmp, "FullPanoWidthPixels", gpano->full_pano_width);
  set_int (xmp, "FullPanoHeightPixels", gpano->full_pano_height);
  set_int (xmp, "CroppedAreaLeftPixels", gpano->cropped_left);
  set_int (xmp, "CroppedAreaTopPixels", gpano->cropped_top);
  set_double (xmp, "PoseHeadingDegrees", gpano->pose_heading);
  if (gpano->has_pose_tilt)
    {
      set_double (xmp, "PosePitchDegrees", gpano->pose_pitch);
      set_double (xmp, "PoseRollDegrees", gpano->pose_roll);
    }

  if (xmp_serialize (xmp, out, XMP_SERIAL_OMITALLFORMATTING, 0))
    {
      *len = xmp_string_len (out);
      ret = g_memdup2 (xmp_string_cstr (out), *len);
    }
  xmp_string_free (out);
  xmp_free (xmp);

  return ret;
}

/**
 * sc_gpano_write_jpeg:
 * @file: a JPEG photo on a local file system
 * @gpano: the properties to write, e.g. from sc_gpano_init_equirect()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Sets the GPano properties in the standard XMP packet of @file (creating
 * the packet after JFIF/Exif when there is none; other XMP properties are
 * kept). The file is written to a temporary file next to it, synced and
 * renamed over @file only when complete: on any error @file is untouched.
 * Blocks; call it from a worker thread.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_INVALID_DATA (damaged
 *   JPEG), %G_IO_ERROR_NOT_SUPPORTED (the packet would be too large) or
 *   another #GError
 */
gboolean
sc_gpano_write_jpeg (GFile          *file,
                     const ScGPano  *gpano,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *packet = NULL;
  JpegLayout layout;
  TmpFile tmp = { NULL, NULL, -1 };
  gsize packet_len = 0;
  gsize keep_head, keep_tail;
  guint8 header[4];
  gboolean ret = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (gpano != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ensure_exempi ();
  if (!(path = _sc_spherical_get_local_path (file, error)))
    return FALSE;
  if (!jpeg_load (file, &layout, error))
    return FALSE;

  packet = build_packet (&layout, gpano, &packet_len);
  if (packet == NULL || packet_len > XMP_MAX_PACKET)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The photo's XMP metadata is too large to add panorama information. Remove some metadata and try again."));
      goto out;
    }

  if (layout.xmp_start != 0)
    {
      keep_head = layout.xmp_start;
      keep_tail = layout.xmp_end;
    }
  else
    {
      keep_head = keep_tail = layout.insert_at;
    }
  header[0] = 0xFF;
  header[1] = 0xE1;
  wr16 (header + 2, (guint16) (2 + XMP_HEADER_LEN + packet_len));

  if (!_sc_geotag_tmp_file_open (&tmp, path, error) ||
      !_sc_geotag_write_all (tmp.fd, layout.data, keep_head, error) ||
      !_sc_geotag_write_all (tmp.fd, header, sizeof header, error) ||
      !_sc_geotag_write_all (tmp.fd, (const guint8 *) XMP_HEADER, XMP_HEADER_LEN, error) ||
      !_sc_geotag_write_all (tmp.fd, (const guint8 *) packet, packet_len, error) ||
      !_sc_geotag_write_all (tmp.fd, layout.data + keep_tail, layout.len - keep_tail, error))
    goto out;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  ret = _sc_geotag_tmp_file_commit (&tmp, error);

out:
  _sc_geotag_tmp_file_abort (&tmp);
  g_free (layout.data);

  return ret;
}
