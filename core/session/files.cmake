# core/session/: what ties cameras to the app: the camera monitor and the
# camera jobs (download, shoot).
list (APPEND SC_CORE_SOURCES
  session/sc-camera-discovery.c
  session/sc-camera-jobs.c
  session/sc-camera-monitor.c)
