/* sc-spherical-mp4.c
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sc-spherical"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-core.h"
#include "sc-mp4-private.h"

/* Spherical Video V1 (moov/trak/uuid with GSpherical XML) and V2 (st3d,
 * sv3d/svhd/proj/prhd/equi in the visual sample entry), PROTOCOLS.md §3.1,
 * §3.2. Only moov is read into memory (it is bounded by MAX_MOOV_SIZE) and
 * rebuilt; the media data are copied through by _sc_mp4_replace_moov(). The
 * input is untrusted: every length is checked against its parent. */

static const guint8 spherical_uuid[16] = {
  0xff, 0xcc, 0x82, 0x63, 0xf8, 0x55, 0x4a, 0x93,
  0x88, 0x14, 0x58, 0x7a, 0x02, 0x52, 0x1f, 0xdd,
};

/* Bytes between a VisualSampleEntry's header and its first child. */
#define VISUAL_SAMPLE_ENTRY_FIELDS 78
/* Bytes between the stsd header and its first entry. */
#define STSD_FIELDS                8
/* Deep enough for any real file; stops recursion on hostile input. */
#define MAX_V1_XML                 (64 * 1024)

char *
_sc_spherical_get_local_path (GFile   *file,
                              GError **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Copy the file to this computer first: only local files can be checked."));
  return path;
}

/**
 * sc_spherical_video_init_default:
 * @video: (out caller-allocates): the struct to fill
 *
 * Fills @video for a monoscopic equirectangular video from two lenses,
 * stitched by Spherecam, with a zero pose.
 */
void
sc_spherical_video_init_default (ScSphericalVideo *video)
{
  g_return_if_fail (video != NULL);

  memset (video, 0, sizeof *video);
  video->stereo = SC_SPHERICAL_STEREO_MONO;
  video->source_count = 2;
}

/* --- reading --------------------------------------------------------------- */

typedef struct
{
  char     *element;
  gboolean  spherical;
  gboolean  stitched;
  gboolean  software;
  gboolean  equirect;
} V1Parse;

static void
v1_start_element (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  V1Parse *parse = user_data;
  const char *colon = strchr (element_name, ':');

  g_free (parse->element);
  parse->element = g_strdup (colon != NULL ? colon + 1 : element_name);
}

static void
v1_end_element (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  V1Parse *parse = user_data;

  g_clear_pointer (&parse->element, g_free);
}

static void
v1_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  V1Parse *parse = user_data;
  g_autofree char *value = NULL;

  if (parse->element == NULL)
    return;
  value = g_strstrip (g_strndup (text, text_len));
  if (g_str_equal (parse->element, "Spherical"))
    parse->spherical = g_ascii_strcasecmp (value, "true") == 0;
  else if (g_str_equal (parse->element, "Stitched"))
    parse->stitched = g_ascii_strcasecmp (value, "true") == 0;
  else if (g_str_equal (parse->element, "StitchingSoftware"))
    parse->software = value[0] != '\0';
  else if (g_str_equal (parse->element, "ProjectionType"))
    parse->equirect = g_str_equal (value, "equirectangular");
}

static gboolean
v1_xml_is_valid (const guint8 *xml,
                 gsize         len)
{
  static const GMarkupParser parser = {
    v1_start_element, v1_end_element, v1_text, NULL, NULL
  };
  GMarkupParseContext *context;
  V1Parse parse = { 0 };
  gboolean ok;

  if (len > MAX_V1_XML)
    return FALSE;
  /* GMarkup rejects the <?xml?> prolog only when it is not first; fine. */
  context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
  ok = g_markup_parse_context_parse (context, (const char *) xml, (gssize) len, NULL) &&
       g_markup_parse_context_end_parse (context, NULL);
  g_markup_parse_context_free (context);
  g_free (parse.element);

  return ok && parse.spherical && parse.stitched && parse.software && parse.equirect;
}

static gboolean
is_v1_box (const guint8 *d,
           const Mp4Box *box)
{
  return MP4_BOX_IS (box, "uuid") && box->size >= box->header + 16 &&
         memcmp (d + box->offset + box->header, spherical_uuid, 16) == 0;
}

/* Finds the direct child of type @type in [pos, end); FALSE on corrupt data,
 * *found zeroed (size 0) when absent. */
static gboolean
find_child (const guint8  *d,
            gsize          pos,
            gsize          end,
            const char    *type,
            Mp4Box        *found,
            GError       **error)
{
  memset (found, 0, sizeof *found);
  while (pos < end)
    {
      Mp4Box box;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return FALSE;
      if (MP4_BOX_IS (&box, type))
        {
          *found = box;
          return TRUE;
        }
      pos += box.size;
    }

  return TRUE;
}

static gboolean
trak_is_video (const guint8  *d,
               const Mp4Box  *trak,
               gboolean      *is_video,
               GError       **error)
{
  Mp4Box mdia, hdlr;

  *is_video = FALSE;
  if (!find_child (d, trak->offset + trak->header, trak->offset + trak->size, "mdia", &mdia, error))
    return FALSE;
  if (mdia.size == 0)
    return TRUE;
  if (!find_child (d, mdia.offset + mdia.header, mdia.offset + mdia.size, "hdlr", &hdlr, error))
    return FALSE;
  /* FullBox (4) + pre_defined (4) + handler_type (4) */
  if (hdlr.size >= hdlr.header + 12)
    *is_video = memcmp (d + hdlr.offset + hdlr.header + 8, "vide", 4) == 0;

  return TRUE;
}

/* Descends moov/trak/mdia/minf/stbl/stsd; *stsd zeroed when missing. */
static gboolean
find_stsd (const guint8  *d,
           const Mp4Box  *trak,
           Mp4Box        *stsd,
           GError       **error)
{
  static const char *const path[] = { "mdia", "minf", "stbl", "stsd" };
  Mp4Box box = *trak;

  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    {
      Mp4Box child;

      if (!find_child (d, box.offset + box.header, box.offset + box.size, path[i], &child, error))
        return FALSE;
      if (child.size == 0)
        {
          memset (stsd, 0, sizeof *stsd);
          return TRUE;
        }
      box = child;
    }
  *stsd = box;

  return TRUE;
}

/* sv3d { svhd (NUL-terminated source), proj { prhd, …, equi } }. */
static gboolean
sv3d_read (const guint8  *d,
           const Mp4Box  *sv3d,
           gboolean      *valid,
           GError       **error)
{
  gsize pos = sv3d->offset + sv3d->header;
  gsize end = sv3d->offset + sv3d->size;
  Mp4Box svhd, proj, prhd, equi;

  *valid = FALSE;
  if (end - pos < 8)
    return TRUE;
  if (!_sc_mp4_box_parse (d, pos, end, &svhd, error))
    return FALSE;
  if (!MP4_BOX_IS (&svhd, "svhd") || svhd.size < svhd.header + 5 ||
      memchr (d + svhd.offset + svhd.header + 4, 0, svhd.size - svhd.header - 4) == NULL)
    return TRUE;
  if (!find_child (d, pos + svhd.size, end, "proj", &proj, error))
    return FALSE;
  if (proj.size == 0 || proj.size - proj.header < 8)
    return TRUE;
  if (!_sc_mp4_box_parse (d, proj.offset + proj.header, proj.offset + proj.size, &prhd, error))
    return FALSE;
  if (!MP4_BOX_IS (&prhd, "prhd") || prhd.size != prhd.header + 16)
    return TRUE;
  if (!find_child (d, prhd.offset + prhd.size, proj.offset + proj.size, "equi", &equi, error))
    return FALSE;
  *valid = equi.size == equi.header + 20;

  return TRUE;
}

/* Checks the V2 boxes in the children [pos, end) of a visual sample entry. */
static gboolean
sample_entry_read_v2 (const guint8      *d,
                      gsize              pos,
                      gsize              end,
                      ScSphericalTrack  *track,
                      GError           **error)
{
  gboolean st3d_ok = TRUE;

  while (end - pos >= 8)
    {
      Mp4Box box;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return FALSE;
      if (MP4_BOX_IS (&box, "st3d"))
        st3d_ok = box.size == box.header + 5 && d[box.offset + box.header + 4] <= 4;
      else if (MP4_BOX_IS (&box, "sv3d"))
        {
          track->v2_present = TRUE;
          if (!sv3d_read (d, &box, &track->v2_valid, error))
            return FALSE;
        }
      pos += box.size;
    }
  if (!st3d_ok)
    track->v2_valid = FALSE;

  return TRUE;
}

static gboolean
trak_read (const guint8      *d,
           const Mp4Box      *trak,
           ScSphericalTrack  *track,
           GError           **error)
{
  gsize pos = trak->offset + trak->header;
  gsize end = trak->offset + trak->size;
  Mp4Box stsd;

  while (pos < end)
    {
      Mp4Box box;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return FALSE;
      if (is_v1_box (d, &box))
        {
          gsize xml = box.offset + box.header + 16;

          track->v1_present = TRUE;
          track->v1_valid = v1_xml_is_valid (d + xml, box.offset + box.size - xml);
        }
      pos += box.size;
    }

  if (!find_stsd (d, trak, &stsd, error))
    return FALSE;
  if (stsd.size != 0)
    {
      gsize epos = stsd.offset + stsd.header + STSD_FIELDS;
      gsize eend = stsd.offset + stsd.size;
      Mp4Box entry;

      if (stsd.size - stsd.header < STSD_FIELDS)
        return _sc_mp4_corrupt (error, "short stsd");
      if (epos < eend)
        {
          if (!_sc_mp4_box_parse (d, epos, eend, &entry, error))
            return FALSE;
          if (entry.size - entry.header < VISUAL_SAMPLE_ENTRY_FIELDS)
            return _sc_mp4_corrupt (error, "short visual sample entry");
          if (!sample_entry_read_v2 (d, entry.offset + entry.header + VISUAL_SAMPLE_ENTRY_FIELDS,
                                     entry.offset + entry.size, track, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
moov_read (const Mp4File  *mp4,
           GArray         *tracks,
           GError        **error)
{
  const guint8 *d = mp4->moov_data;
  gsize pos = mp4->moov.header;
  gsize end = mp4->moov.size;
  guint index = 0;

  while (pos < end)
    {
      Mp4Box box;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return FALSE;
      if (MP4_BOX_IS (&box, "trak"))
        {
          gboolean is_video;

          if (!trak_is_video (d, &box, &is_video, error))
            return FALSE;
          if (is_video)
            {
              ScSphericalTrack track = { .track_index = index };

              if (!trak_read (d, &box, &track, error))
                return FALSE;
              g_array_append_val (tracks, track);
            }
          index++;
        }
      pos += box.size;
    }

  return TRUE;
}

/**
 * sc_spherical_mp4_read:
 * @file: an MP4 video on a local file system
 * @tracks: (out) (transfer full) (element-type ScSphericalTrack): one
 *   #ScSphericalTrack per video track, in file order (possibly empty)
 * @error: return location for a #GError
 *
 * Reads the Spherical Video V1 and V2 metadata of every video track. Reads
 * the box headers and moov only. Blocks; call it from a worker thread.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_INVALID_DATA for a
 *   damaged or truncated video, or another %G_IO_ERROR
 */
gboolean
sc_spherical_mp4_read (GFile    *file,
                       GArray  **tracks,
                       GError  **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GArray) result = NULL;
  Mp4File mp4 = { .fd = -1 };
  gboolean ret;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (tracks != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(path = _sc_spherical_get_local_path (file, error)))
    return FALSE;
  result = g_array_new (FALSE, TRUE, sizeof (ScSphericalTrack));
  ret = _sc_mp4_open (path, &mp4, error) && moov_read (&mp4, result, error);
  _sc_mp4_clear (&mp4);
  if (ret)
    *tracks = g_steal_pointer (&result);

  return ret;
}

/* --- writing --------------------------------------------------------------- */

static char *
software_name (const ScSphericalVideo *video)
{
  if (video->stitching_software != NULL && video->stitching_software[0] != '\0')
    return g_strdup (video->stitching_software);
  return g_strdup ("Spherecam " SC_VERSION_S);
}

static void
append_v1 (GByteArray             *out,
           const ScSphericalVideo *video)
{
  g_autofree char *software = software_name (video);
  g_autofree char *escaped = g_markup_escape_text (software, -1);
  g_autoptr(GString) xml = g_string_new (NULL);
  guint start = out->len;

  g_string_append (xml,
                   "<?xml version=\"1.0\"?><rdf:SphericalVideo\n"
                   "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
                   "xmlns:GSpherical=\"http://ns.google.com/videos/1.0/spherical/\">"
                   "<GSpherical:Spherical>true</GSpherical:Spherical>"
                   "<GSpherical:Stitched>true</GSpherical:Stitched>");
  g_string_append_printf (xml, "<GSpherical:StitchingSoftware>%s</GSpherical:StitchingSoftware>",
                          escaped);
  g_string_append (xml, "<GSpherical:ProjectionType>equirectangular</GSpherical:ProjectionType>");
  if (video->stereo == SC_SPHERICAL_STEREO_TOP_BOTTOM)
    g_string_append (xml, "<GSpherical:StereoMode>top-bottom</GSpherical:StereoMode>");
  else if (video->stereo == SC_SPHERICAL_STEREO_LEFT_RIGHT)
    g_string_append (xml, "<GSpherical:StereoMode>left-right</GSpherical:StereoMode>");
  if (video->source_count > 0)
    g_string_append_printf (xml, "<GSpherical:SourceCount>%u</GSpherical:SourceCount>",
                            video->source_count);
  g_string_append (xml, "</rdf:SphericalVideo>");

  _sc_mp4_append_box_header (out, 0, "uuid");
  g_byte_array_append (out, spherical_uuid, sizeof spherical_uuid);
  g_byte_array_append (out, (const guint8 *) xml->str, xml->len);
  wr32 (out->data + start, out->len - start);
}

static guint32
fixed_16_16 (double degrees)
{
  return (guint32) (gint32) lround (degrees * 65536.0);
}

static void
append_full_box_header (GByteArray *out,
                        guint32     size,
                        const char *type)
{
  static const guint8 version_flags[4] = { 0 };

  _sc_mp4_append_box_header (out, size, type);
  g_byte_array_append (out, version_flags, 4);
}

/* st3d (when stereo), then sv3d { svhd, proj { prhd, equi } }. */
static void
append_v2 (GByteArray             *out,
           const ScSphericalVideo *video)
{
  g_autofree char *software = software_name (video);
  gsize software_len = strlen (software) + 1;
  guint32 svhd_size = 12 + (guint32) software_len;
  guint32 proj_size = 8 + 24 + 28;
  guint8 buf[20] = { 0 };

  if (video->stereo != SC_SPHERICAL_STEREO_MONO)
    {
      guint8 mode = video->stereo == SC_SPHERICAL_STEREO_TOP_BOTTOM ? 1 : 2;

      append_full_box_header (out, 13, "st3d");
      g_byte_array_append (out, &mode, 1);
    }

  _sc_mp4_append_box_header (out, 8 + svhd_size + proj_size, "sv3d");
  append_full_box_header (out, svhd_size, "svhd");
  g_byte_array_append (out, (const guint8 *) software, software_len);
  _sc_mp4_append_box_header (out, proj_size, "proj");
  append_full_box_header (out, 24, "prhd");
  wr32 (buf, fixed_16_16 (video->pose_yaw));
  wr32 (buf + 4, fixed_16_16 (video->pose_pitch));
  wr32 (buf + 8, fixed_16_16 (video->pose_roll));
  g_byte_array_append (out, buf, 12);
  append_full_box_header (out, 28, "equi");
  memset (buf, 0, sizeof buf);
  g_byte_array_append (out, buf, 16);
}

/* Copies a box; a size of 0 ("to the end") is written out, since boxes may
 * be added after it. */
static void
append_box (GByteArray   *out,
            const guint8 *d,
            const Mp4Box *box)
{
  guint start = out->len;

  g_byte_array_append (out, d + box->offset, box->size);
  if (box->header == 8 && rd32 (d + box->offset) == 0)
    wr32 (out->data + start, (guint32) box->size);
}

static gboolean
is_codec_config (const Mp4Box *box)
{
  return MP4_BOX_IS (box, "avcC") || MP4_BOX_IS (box, "hvcC") ||
         MP4_BOX_IS (box, "av1C") || MP4_BOX_IS (box, "vpcC");
}

static gboolean
is_trailing_optional (const Mp4Box *box)
{
  return MP4_BOX_IS (box, "pasp") || MP4_BOX_IS (box, "clap") ||
         MP4_BOX_IS (box, "btrt") || MP4_BOX_IS (box, "colr");
}

/* A visual sample entry without any st3d/sv3d, with new ones after the
 * codec configuration and before pasp/clap/btrt/colr (PROTOCOLS.md R12). */
static gboolean
build_sample_entry (const guint8            *d,
                    const Mp4Box            *entry,
                    const ScSphericalVideo  *video,
                    GByteArray              *out,
                    GError                 **error)
{
  gsize pos = entry->offset + entry->header + VISUAL_SAMPLE_ENTRY_FIELDS;
  gsize end = entry->offset + entry->size;
  guint start = out->len;
  gboolean seen_config = FALSE;
  gboolean inserted = FALSE;

  if (entry->size - entry->header < VISUAL_SAMPLE_ENTRY_FIELDS)
    return _sc_mp4_corrupt (error, "short visual sample entry");

  _sc_mp4_append_box_header (out, 0, (const char *) entry->type);
  g_byte_array_append (out, d + entry->offset + entry->header, VISUAL_SAMPLE_ENTRY_FIELDS);
  while (pos < end)
    {
      Mp4Box box;

      if (end - pos < 8)
        {
          /* Some muxers pad the entry with a few zeros: keep them last. */
          if (!inserted)
            append_v2 (out, video);
          inserted = TRUE;
          g_byte_array_append (out, d + pos, end - pos);
          break;
        }
      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return FALSE;
      if (is_codec_config (&box))
        seen_config = TRUE;
      if (!inserted && seen_config && is_trailing_optional (&box))
        {
          append_v2 (out, video);
          inserted = TRUE;
        }
      if (!MP4_BOX_IS (&box, "st3d") && !MP4_BOX_IS (&box, "sv3d"))
        append_box (out, d, &box);
      pos += box.size;
    }
  if (!inserted)
    append_v2 (out, video);

  wr32 (out->data + start, out->len - start);
  return TRUE;
}

/* Rebuilds @box (one of mdia, minf, stbl, stsd) so that the visual sample
 * entries under it carry V2; everything else is copied as it is. */
static gboolean
build_container (const guint8            *d,
                 const Mp4Box            *box,
                 const ScSphericalVideo  *video,
                 GByteArray              *out,
                 guint                   *n_entries,
                 GError                 **error)
{
  static const struct { const char *parent, *child; } descend[] = {
    { "mdia", "minf" }, { "minf", "stbl" }, { "stbl", "stsd" },
  };
  gsize pos = box->offset + box->header;
  gsize end = box->offset + box->size;
  guint start = out->len;
  gboolean is_stsd = MP4_BOX_IS (box, "stsd");

  _sc_mp4_append_box_header (out, 0, (const char *) box->type);
  if (is_stsd)
    {
      if (end - pos < STSD_FIELDS)
        return _sc_mp4_corrupt (error, "short stsd");
      g_byte_array_append (out, d + pos, STSD_FIELDS);
      pos += STSD_FIELDS;
    }

  while (pos < end)
    {
      Mp4Box child;
      gboolean rebuilt = FALSE;

      if (!_sc_mp4_box_parse (d, pos, end, &child, error))
        return FALSE;
      if (is_stsd)
        {
          if (!build_sample_entry (d, &child, video, out, error))
            return FALSE;
          (*n_entries)++;
          rebuilt = TRUE;
        }
      else
        {
          for (guint i = 0; i < G_N_ELEMENTS (descend); i++)
            if (MP4_BOX_IS (box, descend[i].parent) && MP4_BOX_IS (&child, descend[i].child))
              {
                if (!build_container (d, &child, video, out, n_entries, error))
                  return FALSE;
                rebuilt = TRUE;
              }
        }
      if (!rebuilt)
        append_box (out, d, &child);
      pos += child.size;
    }

  wr32 (out->data + start, out->len - start);
  return TRUE;
}

/* A video trak: mdia rebuilt, any old V1 box replaced by a new one right
 * after mdia. */
static gboolean
build_trak (const guint8            *d,
            const Mp4Box            *trak,
            const ScSphericalVideo  *video,
            GByteArray              *out,
            GError                 **error)
{
  gsize pos = trak->offset + trak->header;
  gsize end = trak->offset + trak->size;
  guint start = out->len;
  gboolean wrote_v1 = FALSE;
  guint n_entries = 0;

  _sc_mp4_append_box_header (out, 0, "trak");
  while (pos < end)
    {
      Mp4Box box;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return FALSE;
      if (MP4_BOX_IS (&box, "mdia"))
        {
          if (!build_container (d, &box, video, out, &n_entries, error))
            return FALSE;
          if (!wrote_v1)
            append_v1 (out, video);
          wrote_v1 = TRUE;
        }
      else if (!is_v1_box (d, &box))
        {
          append_box (out, d, &box);
        }
      pos += box.size;
    }
  if (!wrote_v1)
    return _sc_mp4_corrupt (error, "trak without mdia");
  if (n_entries == 0)
    return _sc_mp4_corrupt (error, "video trak without a sample entry");

  wr32 (out->data + start, out->len - start);
  return TRUE;
}

static GByteArray *
build_moov (const Mp4File           *mp4,
            const ScSphericalVideo  *video,
            GError                 **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *d = mp4->moov_data;
  gsize pos = mp4->moov.header;
  gsize end = mp4->moov.size;
  gboolean fragmented = FALSE;
  guint n_video = 0;

  _sc_mp4_append_box_header (out, 0, "moov");
  while (pos < end)
    {
      Mp4Box box;
      gboolean is_video = FALSE;

      if (!_sc_mp4_box_parse (d, pos, end, &box, error))
        return NULL;
      if (MP4_BOX_IS (&box, "mvex"))
        fragmented = TRUE;
      if (MP4_BOX_IS (&box, "trak") && !trak_is_video (d, &box, &is_video, error))
        return NULL;
      if (is_video)
        {
          if (!build_trak (d, &box, video, out, error))
            return NULL;
          n_video++;
        }
      else
        {
          g_byte_array_append (out, d + pos, box.size);
        }
      pos += box.size;
    }

  if (n_video == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The file has no video track. Choose a video file."));
      return NULL;
    }
  if (!_sc_mp4_finish_moov (mp4, out, fragmented, error))
    return NULL;

  return g_steal_pointer (&out);
}

/**
 * sc_spherical_mp4_write:
 * @file: an equirectangular MP4 video on a local file system
 * @video: what to write
 * @cancellable: (nullable): a #GCancellable, checked between chunks
 * @error: return location for a #GError
 *
 * Writes Spherical Video V1 (a `uuid` box after `mdia`, with
 * StitchingSoftware) and V2 (`st3d` when stereo, then `sv3d` with `svhd`
 * first and `proj` with `prhd` first and `equi`) into every video track,
 * replacing what was there. The V2 boxes go after the codec configuration
 * (`avcC`/`hvcC`) and before `pasp`/`clap`/`btrt`/`colr`. Chunk offsets are
 * shifted when moov comes before the media data. The file is written to a
 * temporary file next to it, synced and renamed over @file only when
 * complete: on any error @file is untouched and no temporary file remains.
 *
 * Call it as the last step of every export: remuxing drops this metadata.
 * Blocks (copies the whole file); call it from a worker thread.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR_INVALID_DATA (damaged
 *   video), %G_IO_ERROR_NOT_SUPPORTED (no video track, fragmented video),
 *   %G_IO_ERROR_CANCELLED or another %G_IO_ERROR
 */
gboolean
sc_spherical_mp4_write (GFile                   *file,
                        const ScSphericalVideo  *video,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GByteArray) moov = NULL;
  Mp4File mp4 = { .fd = -1 };
  gboolean ret = FALSE;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (video != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(path = _sc_spherical_get_local_path (file, error)))
    return FALSE;
  if (_sc_mp4_open (path, &mp4, error) && (moov = build_moov (&mp4, video, error)))
    ret = _sc_mp4_replace_moov (path, &mp4, moov, cancellable, error);
  g_debug ("Wrote spherical metadata into a video (%s)", ret ? "done" : "failed");
  _sc_mp4_clear (&mp4);

  return ret;
}
