/* sc-viewer.vert: one triangle that covers the viewport.
 * SPDX-License-Identifier: GPL-3.0-or-later
 * (The #version line and precision are prepended by ScViewer.) */

void
main (void)
{
  vec2 pos = vec2 (float ((gl_VertexID << 1) & 2), float (gl_VertexID & 2));

  gl_Position = vec4 (pos * 2.0 - 1.0, 0.0, 1.0);
}
