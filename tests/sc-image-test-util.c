/* sc-image-test-util.c: decoded pictures for the stitching tests
 *
 * JPEGs and video frames decoded through GStreamer to packed RGBA, the way
 * the stitchers read them, so that tests compare like with like.
 *
 * Copyright 2026 The Spherecam developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "sc-image-test-util.h"

void
sc_test_image_free (ScTestImage *image)
{
  g_free (image->rgba);
  g_free (image);
}

static ScTestImage *
image_from_sample (GstSample *sample)
{
  ScTestImage *image = g_new0 (ScTestImage, 1);
  GstVideoFrame frame;
  GstVideoInfo info;

  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_true (gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
  image->width = GST_VIDEO_INFO_WIDTH (&info);
  image->height = GST_VIDEO_INFO_HEIGHT (&info);
  image->rgba = g_malloc ((gsize) image->width * image->height * 4);
  for (int y = 0; y < image->height; y++)
    memcpy (image->rgba + (gsize) y * image->width * 4,
            (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
            (gsize) image->width * 4);
  gst_video_frame_unmap (&frame);
  return image;
}

/* The JPEG at @path, decoded as the photo stitcher decodes it. */
ScTestImage *
sc_test_image_decode_jpeg (const char *path)
{
  g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! jpegdec ! videoconvert ! "
                                                  "video/x-raw,format=RGBA ! appsink name=sink", path);
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, NULL);
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_autoptr(GstSample) sample = NULL;
  ScTestImage *image;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  g_signal_emit_by_name (sink, "pull-sample", &sample);
  g_assert_nonnull (sample);
  image = image_from_sample (sample);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return image;
}

/* Frame @index of the video at @path, decoded through 16-bit RGB as the
 * video stitcher does (videoconvert's 8-bit limited-range YUV → RGB darkens
 * every channel by about 2 levels). The whole video is decoded; @n_frames
 * (optional) gets its frame count. */
ScTestImage *
sc_test_image_decode_video_frame (const char *path,
                                  int         index,
                                  int        *n_frames)
{
  g_autofree char *description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! videoconvert"
                                                  " ! video/x-raw,format=RGBA64_LE ! videoconvert"
                                                  " ! video/x-raw,format=RGBA ! appsink name=sink sync=false",
                                                  path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  ScTestImage *image = NULL;
  int n = 0;

  g_assert_no_error (error);
  gst_object_ref_sink (pipeline);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND);

      if (sample == NULL)
        break;
      if (n++ == index)
        image = image_from_sample (sample);
    }
  g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (n_frames != NULL)
    *n_frames = n;
  g_assert_nonnull (image);
  return image;
}
