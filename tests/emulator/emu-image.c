/* emu-image.c: RGB images and JPEG coding for the camera emulator
 *
 * JPEG goes through GStreamer (jpegenc / jpegdec behind appsrc and appsink),
 * so the emulator needs no image library beyond what the app already uses.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "emu-image"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "emu-image.h"

#define SC_EMU_PULL_TIMEOUT (10 * GST_SECOND)

struct _ScEmuJpegEncoder
{
  GstElement *pipeline;
  GstElement *src;
  GstElement *sink;
  int         width;
  int         height;
  int         quality;
};

ScEmuImage *
sc_emu_image_new (int width,
                  int height)
{
  ScEmuImage *image;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  image = g_new0 (ScEmuImage, 1);
  image->width = width;
  image->height = height;
  image->stride = GST_ROUND_UP_4 (width * 3);
  image->data = g_malloc0 ((gsize)image->stride * height);

  return image;
}

void
sc_emu_image_free (ScEmuImage *image)
{
  if (image == NULL)
    return;

  g_free (image->data);
  g_free (image);
}

/* Area-averaging downscale: every output pixel is the mean of the source
 * pixels its footprint covers (whole pixels; good enough for thumbnails). */
ScEmuImage *
sc_emu_image_downscale (const ScEmuImage *image,
                        int               width,
                        int               height)
{
  ScEmuImage *out = sc_emu_image_new (width, height);

  for (int oy = 0; oy < height; oy++)
    {
      int y0 = (int)((gint64)oy * image->height / height);
      int y1 = MAX (y0 + 1, (int)((gint64)(oy + 1) * image->height / height));
      guint8 *dst = out->data + (gsize)oy * out->stride;

      for (int ox = 0; ox < width; ox++)
        {
          int x0 = (int)((gint64)ox * image->width / width);
          int x1 = MAX (x0 + 1, (int)((gint64)(ox + 1) * image->width / width));
          guint sum[3] = { 0, 0, 0 };
          guint n = (guint)((x1 - x0) * (y1 - y0));

          for (int y = y0; y < y1; y++)
            {
              const guint8 *src = image->data + (gsize)y * image->stride + x0 * 3;

              for (int x = x0; x < x1; x++, src += 3)
                {
                  sum[0] += src[0];
                  sum[1] += src[1];
                  sum[2] += src[2];
                }
            }

          for (int c = 0; c < 3; c++)
            dst[ox * 3 + c] = (guint8)((sum[c] + n / 2) / n);
        }
    }

  return out;
}

/* Bilinear sample at continuous pixel coordinates (pixel centres at
 * i + 0.5 are addressed as x = i), wrapping horizontally (equirectangular
 * longitude) and clamping vertically. */
void
sc_emu_image_sample_bilinear (const ScEmuImage *image,
                              float             x,
                              float             y,
                              float             rgb[3])
{
  int w = image->width;
  int h = image->height;
  float fx = floorf (x);
  float fy = floorf (y);
  float ax = x - fx;
  float ay = y - fy;
  int x0 = (int)fx % w;
  int y0 = (int)fy;
  int x1, y1;
  const guint8 *r0, *r1;

  if (x0 < 0)
    x0 += w;
  x1 = x0 + 1 == w ? 0 : x0 + 1;
  if (y0 < 0)
    {
      y0 = 0;
      ay = 0.f;
    }
  if (y0 >= h - 1)
    {
      y0 = h - 1;
      ay = 0.f;
    }
  y1 = MIN (y0 + 1, h - 1);

  r0 = image->data + (gsize)y0 * image->stride;
  r1 = image->data + (gsize)y1 * image->stride;
  for (int c = 0; c < 3; c++)
    {
      float top = r0[x0 * 3 + c] + ax * (r0[x1 * 3 + c] - r0[x0 * 3 + c]);
      float bottom = r1[x0 * 3 + c] + ax * (r1[x1 * 3 + c] - r1[x0 * 3 + c]);

      rgb[c] = top + ay * (bottom - top);
    }
}

static GstSample *
pull_sample_or_error (GstElement  *pipeline,
                      GstElement  *sink,
                      GError     **error)
{
  GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), SC_EMU_PULL_TIMEOUT);

  if (sample == NULL)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        gst_message_parse_error (message, error, NULL);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                             "The JPEG pipeline produced no image");
    }

  return sample;
}

ScEmuImage *
sc_emu_image_decode_jpeg (GBytes  *jpeg,
                          GError **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GstCaps) caps = NULL;
  ScEmuImage *image = NULL;
  GstVideoInfo info;
  GstVideoFrame frame;

  pipeline = gst_parse_launch ("appsrc name=src ! jpegdec ! videoconvert ! "
                               "video/x-raw,format=RGB ! appsink name=sink sync=false",
                               error);
  if (pipeline == NULL)
    return NULL;
  gst_object_ref_sink (pipeline);

  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  caps = gst_caps_new_empty_simple ("image/jpeg");
  g_object_set (src, "caps", caps, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_new_wrapped_bytes (jpeg));
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  sample = pull_sample_or_error (pipeline, sink, error);
  if (sample != NULL &&
      gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) &&
      gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      image = sc_emu_image_new (GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info));
      for (int y = 0; y < image->height; y++)
        memcpy (image->data + (gsize)y * image->stride,
                (guint8 *)GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
                  (gsize)y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                (gsize)image->width * 3);
      gst_video_frame_unmap (&frame);
    }
  else if (sample != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The decoded JPEG has unusable caps");
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return image;
}

static void
encoder_teardown (ScEmuJpegEncoder *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->src);
  gst_clear_object (&self->sink);
  gst_clear_object (&self->pipeline);
}

static gboolean
encoder_setup (ScEmuJpegEncoder  *self,
               int                width,
               int                height,
               GError           **error)
{
  g_autoptr(GstElement) enc = NULL;
  g_autoptr(GstCaps) caps = NULL;

  if (self->pipeline != NULL && self->width == width && self->height == height)
    return TRUE;

  encoder_teardown (self);
  /* 4:2:0 like a camera's JPEGs, and full-range (JFIF) YCbCr: without the
   * colorimetry, videoconvert produces video range and black becomes 16. */
  self->pipeline = gst_parse_launch ("appsrc name=src format=time ! videoconvert ! "
                                     "video/x-raw,format=I420,colorimetry=1:4:0:0 ! jpegenc name=enc ! "
                                     "appsink name=sink sync=false", error);
  if (self->pipeline == NULL)
    return FALSE;
  gst_object_ref_sink (self->pipeline);

  self->src = gst_bin_get_by_name (GST_BIN (self->pipeline), "src");
  self->sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  enc = gst_bin_get_by_name (GST_BIN (self->pipeline), "enc");
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "RGB",
                              "width", G_TYPE_INT, width,
                              "height", G_TYPE_INT, height,
                              "framerate", GST_TYPE_FRACTION, 0, 1,
                              NULL);
  g_object_set (self->src, "caps", caps, NULL);
  g_object_set (enc, "quality", self->quality, NULL);
  self->width = width;
  self->height = height;

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "Could not start the JPEG encoder pipeline");
      encoder_teardown (self);
      return FALSE;
    }

  return TRUE;
}

/* A reusable encoder (appsrc ! jpegenc ! appsink) for streams of frames; the
 * pipeline is rebuilt only when the frame size changes. Not thread-safe: use
 * it from one thread at a time. */
ScEmuJpegEncoder *
sc_emu_jpeg_encoder_new (int quality)
{
  ScEmuJpegEncoder *self = g_new0 (ScEmuJpegEncoder, 1);

  self->quality = CLAMP (quality, 1, 100);
  return self;
}

GBytes *
sc_emu_jpeg_encoder_encode (ScEmuJpegEncoder  *self,
                            const ScEmuImage  *image,
                            GError           **error)
{
  g_autoptr(GstSample) sample = NULL;
  GstBuffer *buffer;
  GstMapInfo map;
  GBytes *bytes;

  if (!encoder_setup (self, image->width, image->height, error))
    return NULL;

  buffer = gst_buffer_new_memdup (image->data, (gsize)image->stride * image->height);
  if (gst_app_src_push_buffer (GST_APP_SRC (self->src), buffer) != GST_FLOW_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The JPEG encoder refused a frame");
      encoder_teardown (self);
      return NULL;
    }

  sample = pull_sample_or_error (self->pipeline, self->sink, error);
  if (sample == NULL)
    {
      encoder_teardown (self);
      return NULL;
    }

  buffer = gst_sample_get_buffer (sample);
  gst_buffer_map (buffer, &map, GST_MAP_READ);
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);

  return bytes;
}

void
sc_emu_jpeg_encoder_free (ScEmuJpegEncoder *self)
{
  if (self == NULL)
    return;

  encoder_teardown (self);
  g_free (self);
}

GBytes *
sc_emu_image_encode_jpeg (const ScEmuImage  *image,
                          int                quality,
                          GError           **error)
{
  g_autoptr(ScEmuJpegEncoder) encoder = sc_emu_jpeg_encoder_new (quality);

  return sc_emu_jpeg_encoder_encode (encoder, image, error);
}
