/* sc-viewer.frag: an equirectangular image seen through a virtual camera.
 * SPDX-License-Identifier: GPL-3.0-or-later
 * (The #version line and precision are prepended by ScViewer.)
 *
 * Per pixel: the view ray (x right, y up, z forward) from the projection,
 * rotated by pitch (about x) then yaw (about y); then longitude
 * atan(x, z) (0 in front, positive to the right) and latitude asin(y)
 * pick the texel. The texture's first row is the image's top row. In
 * dual-fisheye mode ScViewer prepends the stitcher's sampling function
 * and defines SC_VIEWER_DUAL_FISHEYE: the texture is then the camera's raw
 * frame, stitched per pixel. */

uniform sampler2D u_texture;
uniform vec2 u_resolution;   /* viewport size in pixels */
uniform float u_yaw;         /* radians */
uniform float u_pitch;       /* radians */
uniform float u_fov;         /* radians, across the width */
uniform int u_projection;    /* 0 perspective, 1 little planet, 2 flat */
uniform int u_swizzle;       /* 1: the texture holds BGRA bytes */

out vec4 frag_color;

const float PI = 3.14159265358979;

vec4
sample_lon_lat (float lon, float lat)
{
#ifdef SC_VIEWER_DUAL_FISHEYE
  /* The texture is a dual-fisheye frame: stitch this ray (sc-gl-stitch.c) */
  vec4 c = sc_stitch_sample (u_texture, vec3 (cos (lat) * sin (lon), sin (lat),
                                              cos (lat) * cos (lon)));
#else
  vec4 c = texture (u_texture, vec2 (0.5 + lon / (2.0 * PI), 0.5 - lat / PI));
#endif

  return u_swizzle == 1 ? vec4 (c.b, c.g, c.r, 1.0) : vec4 (c.rgb, 1.0);
}

vec3
rotate (vec3 d)
{
  float cp = cos (u_pitch), sp = sin (u_pitch);
  float cy = cos (u_yaw), sy = sin (u_yaw);

  d = vec3 (d.x, d.y * cp + d.z * sp, -d.y * sp + d.z * cp);
  return vec3 (d.x * cy + d.z * sy, d.y, -d.x * sy + d.z * cy);
}

void
main (void)
{
  /* p: -1..1 across the width, y up, square pixels */
  vec2 p = (gl_FragCoord.xy - 0.5 * u_resolution) / (0.5 * u_resolution.x);
  vec3 d;

  if (u_projection == 2)
    {
      float lon = p.x * 0.5 * u_fov;
      float lat = u_pitch + p.y * 0.5 * u_fov;

      if (abs (lon) > PI || abs (lat) > 0.5 * PI)
        {
          frag_color = vec4 (0.0, 0.0, 0.0, 1.0);
          return;
        }
      frag_color = sample_lon_lat (u_yaw + lon, lat);
      return;
    }

  if (u_projection == 1)
    {
      /* Stereographic from the nadir: the angle from straight down grows
       * with the distance from the centre; the width's edge is fov/2. */
      float r = length (p);
      float theta = 2.0 * atan (r * tan (0.25 * u_fov));
      vec2 a = r > 0.0 ? p / r : vec2 (0.0, 1.0);

      d = vec3 (sin (theta) * a.x, -cos (theta), sin (theta) * a.y);
    }
  else
    {
      d = normalize (vec3 (p * tan (0.5 * u_fov), 1.0));
    }

  d = rotate (d);
  frag_color = sample_lon_lat (atan (d.x, d.z), asin (clamp (d.y, -1.0, 1.0)));
}
