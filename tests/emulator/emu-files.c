/* emu-files.c: GET /files/…: downloads with Range, thumbnails, faults
 *
 * Bodies are streamed: files are memory-mapped and handed to libsoup in
 * slices, the synthetic big file is generated chunk by chunk. The next
 * chunk is appended from "wrote-chunk", so at most two chunks are queued.
 *
 * The synthetic big file (--big-file BYTES, listed as SPHC9999.MP4) has
 * byte (offset) = (guint8) ((guint32) (offset * 2654435761u) >> 24), i.e.
 * the top byte of a 32-bit multiplicative hash of the offset; see
 * sc_emu_big_file_byte().
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-files"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "emu-private.h"

#define CHUNK_SIZE       (1024 * 1024)
#define MAPPED_CHUNK     (4 * 1024 * 1024)
#define WRONG_LENGTH_PAD 4096
#define BIG_FILE_K       2654435761u

typedef struct
{
  ScEmuRequest *request;
  GMappedFile  *mapped;          /* NULL: the generated big file */
  GBytes       *mapped_bytes;
  guint64       offset;          /* next byte of the file to queue */
  guint64       end;             /* one past the last byte to send */
  guint64       cut_at;          /* file offset where the connection drops; G_MAXUINT64: never */
  gboolean      close_at_end;    /* wrong-length: drop the connection after the real body */
  guint         queued;          /* chunks handed to libsoup, not yet written */
  gulong        wrote_chunk_id;
  gulong        wrote_headers_id;
  gulong        finished_id;
} Transfer;

guint8
sc_emu_big_file_byte (guint64 offset)
{
  return (guint8)((guint32)(offset * BIG_FILE_K) >> 24);
}

static void
transfer_free (Transfer *transfer)
{
  g_clear_signal_handler (&transfer->wrote_chunk_id, transfer->request->msg);
  g_clear_signal_handler (&transfer->wrote_headers_id, transfer->request->msg);
  g_clear_signal_handler (&transfer->finished_id, transfer->request->msg);
  g_clear_pointer (&transfer->mapped_bytes, g_bytes_unref);
  g_clear_pointer (&transfer->mapped, g_mapped_file_unref);
  sc_emu_request_unref (transfer->request);
  g_free (transfer);
}

static GBytes *
generate_chunk (guint64 offset,
                gsize   length)
{
  guint8 *data = g_malloc (length);
  guint32 value = (guint32)(offset * BIG_FILE_K);

  /* Incremental form of the pattern: one add per byte. */
  for (gsize i = 0; i < length; i++, value += BIG_FILE_K)
    data[i] = (guint8)(value >> 24);

  return g_bytes_new_take (data, length);
}

/* Drops the connection without a proper end: shutdown() delivers what is
 * already written, then EOF; the next write fails and libsoup gives up on
 * the message, closing the socket. */
static void
transfer_cut (Transfer *transfer)
{
  SoupServerMessage *msg = transfer->request->msg;
  GSocket *socket = soup_server_message_get_socket (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  g_debug ("Cutting %s at byte %" G_GUINT64_FORMAT, transfer->request->path, transfer->offset);
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  transfer->end = transfer->offset;
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "\0", 1);
  sc_emu_request_resume (transfer->request);
}

static gboolean
transfer_queue_next (Transfer *transfer)
{
  SoupMessageBody *body = soup_server_message_get_response_body (transfer->request->msg);
  guint64 stop = MIN (transfer->end, transfer->cut_at);
  GBytes *chunk;
  gsize length;

  if (transfer->offset >= stop)
    return FALSE;

  length = (gsize)MIN (stop - transfer->offset, transfer->mapped != NULL ? MAPPED_CHUNK : CHUNK_SIZE);
  if (transfer->mapped != NULL)
    chunk = g_bytes_new_from_bytes (transfer->mapped_bytes, (gsize)transfer->offset, length);
  else
    chunk = generate_chunk (transfer->offset, length);

  soup_message_body_append_bytes (body, chunk);
  g_bytes_unref (chunk);
  transfer->offset += length;
  transfer->queued++;
  return TRUE;
}

static void
on_wrote_chunk_cb (SoupServerMessage *msg,
                   Transfer          *transfer)
{
  guint64 stop = MIN (transfer->end, transfer->cut_at);

  transfer->queued--;
  if (transfer->offset < stop)
    {
      /* Inside libsoup's write loop: no unpause needed. */
      transfer_queue_next (transfer);
      return;
    }
  if (transfer->queued > 0)
    return;

  if (transfer->offset == transfer->cut_at || transfer->close_at_end)
    transfer_cut (transfer);
  else
    soup_message_body_complete (soup_server_message_get_response_body (msg));
}

static void
on_wrote_headers_cb (SoupServerMessage *msg,
                     Transfer          *transfer)
{
  /* drop-after=0: the headers go out, then the connection drops. */
  if (transfer->queued == 0 && transfer->offset == transfer->cut_at)
    transfer_cut (transfer);
}

static void
on_transfer_finished_cb (SoupServerMessage *msg,
                         Transfer          *transfer)
{
  transfer_free (transfer);
}

/* Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range. Returns
 * FALSE for anything else (multiple ranges are served as a full 200). */
static gboolean
parse_range (const char *header,
             guint64     size,
             guint64    *start,
             guint64    *end,
             gboolean   *unsatisfiable)
{
  const char *spec;
  char *dash, *rest;
  guint64 a, b;

  *unsatisfiable = FALSE;
  if (header == NULL || !g_str_has_prefix (header, "bytes="))
    return FALSE;
  spec = header + strlen ("bytes=");
  if (strchr (spec, ',') != NULL || (dash = strchr (spec, '-')) == NULL)
    return FALSE;

  if (dash == spec)
    {
      b = g_ascii_strtoull (dash + 1, &rest, 10);
      if (rest == dash + 1 || *rest != '\0')
        return FALSE;
      if (b == 0 || size == 0)
        {
          *unsatisfiable = TRUE;
          return TRUE;
        }
      *start = b >= size ? 0 : size - b;
      *end = size;
      return TRUE;
    }

  a = g_ascii_strtoull (spec, &rest, 10);
  if (rest != dash)
    return FALSE;
  if (dash[1] == '\0')
    b = size - 1;
  else
    {
      b = g_ascii_strtoull (dash + 1, &rest, 10);
      if (*rest != '\0' || b < a)
        return FALSE;
    }

  if (a >= size)
    {
      *unsatisfiable = TRUE;
      return TRUE;
    }
  *start = a;
  *end = MIN (b, size - 1) + 1;
  return TRUE;
}

static void
serve_bytes (ScEmuRequest *request,
             const char   *content_type,
             GBytes       *bytes)
{
  gsize length = 0;
  gconstpointer data = g_bytes_get_data (bytes, &length);

  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, content_type, SOUP_MEMORY_COPY, data, length);
  sc_emu_request_resume (request);
}

static void
serve_file (ScEmuCamera  *self,
            ScEmuRequest *request,
            ScEmuFile    *file)
{
  SoupServerMessage *msg = request->msg;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  const ScEmuFaults *faults = &self->config->faults;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  guint64 size = file->size, start = 0, end = size;
  gboolean unsatisfiable = FALSE, ranged;
  Transfer *transfer;

  if (file->path != NULL)
    {
      mapped = g_mapped_file_new (file->path, FALSE, &error);
      if (mapped == NULL)
        {
          g_warning ("Cannot serve %s: %s", file->path, error->message);
          sc_emu_request_reply_text (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Cannot read the file\n");
          return;
        }
      size = end = g_mapped_file_get_length (mapped);
    }

  ranged = parse_range (soup_message_headers_get_one (request_headers, "Range"), size, &start, &end,
                        &unsatisfiable);
  soup_message_headers_replace (headers, "Accept-Ranges", "bytes");
  if (unsatisfiable)
    {
      g_autofree char *content_range = g_strdup_printf ("bytes */%" G_GUINT64_FORMAT, size);

      soup_message_headers_replace (headers, "Content-Range", content_range);
      sc_emu_request_reply_text (request, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE,
                                 "Range not satisfiable\n");
      return;
    }

  soup_message_headers_set_content_type (headers, file->kind == SC_EMU_FILE_IMAGE ? "image/jpeg" : "video/mp4",
                                         NULL);
  if (ranged)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_message_headers_set_content_range (headers, (goffset)start, (goffset)end - 1, (goffset)size);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);

  soup_message_headers_set_content_length (headers, (goffset)(end - start) +
                                                    (faults->wrong_length ? WRONG_LENGTH_PAD : 0));
  if (soup_server_message_get_method (msg) == SOUP_METHOD_HEAD || end == start)
    {
      sc_emu_request_resume (request);
      return;
    }

  /* Streamed: written chunks are dropped, and libsoup's own Range
   * handling (which needs the whole body in memory) stays out. */
  soup_message_body_set_accumulate (body, FALSE);

  transfer = g_new0 (Transfer, 1);
  transfer->request = sc_emu_request_ref (request);
  transfer->mapped = g_steal_pointer (&mapped);
  if (transfer->mapped != NULL)
    transfer->mapped_bytes = g_mapped_file_get_bytes (transfer->mapped);
  transfer->offset = start;
  transfer->end = end;
  transfer->cut_at = G_MAXUINT64;
  transfer->close_at_end = faults->wrong_length;
  if (faults->drop_after >= 0 && !file->dropped && (guint64)faults->drop_after < end - start)
    {
      file->dropped = TRUE;
      transfer->cut_at = start + (guint64)faults->drop_after;
    }

  transfer->wrote_chunk_id = g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk_cb), transfer);
  transfer->wrote_headers_id = g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_wrote_headers_cb),
                                                 transfer);
  transfer->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_transfer_finished_cb), transfer);

  /* Two chunks in flight keep libsoup's write loop busy. */
  if (transfer_queue_next (transfer))
    transfer_queue_next (transfer);
  sc_emu_request_resume (request);
}

/* GET/HEAD /files/<storage-id>/100SPHCM/<name>[?type=thumb|lens] */
void
sc_emu_files_serve (ScEmuCamera  *self,
                    ScEmuRequest *request)
{
  ScEmuFile *file = sc_emu_camera_lookup_file (self, request->path);
  const char *type = request->query != NULL ? g_hash_table_lookup (request->query, "type") : NULL;

  if (file == NULL)
    {
      sc_emu_request_reply_text (request, SOUP_STATUS_NOT_FOUND, "No such file\n");
      return;
    }

  if (g_strcmp0 (type, "thumb") == 0)
    {
      g_autoptr(GBytes) thumbnail = sc_emu_camera_get_thumbnail (self, file);

      serve_bytes (request, "image/jpeg", thumbnail);
      return;
    }

  /* Not a THETA feature: the capture's lens model, for tests. */
  if (g_strcmp0 (type, "lens") == 0)
    {
      g_autoptr(GBytes) lens = NULL;

      if (file->lens_json == NULL)
        {
          sc_emu_request_reply_text (request, SOUP_STATUS_NOT_FOUND, "No lens model for this file\n");
          return;
        }
      lens = g_bytes_new (file->lens_json, strlen (file->lens_json));
      serve_bytes (request, "application/json;charset=utf-8", lens);
      return;
    }

  serve_file (self, request, file);
}
