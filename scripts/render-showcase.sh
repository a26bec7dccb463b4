#!/usr/bin/env bash
# Renders the home page's showcase (public/arts): short looped clips with a still (poster) each,
# and stills of their own, drawn from ffmpeg's generators so they are ours to ship. Needs ffmpeg
# (Debian: apt-get install ffmpeg); run it only to change them. Captions live in app/(site)/showcase.ts.
set -euo pipefail
cd "$(dirname "$0")/../public/arts"
rm -f ./*.svg

clip() {
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$2" -t 4 -r 24 -vf "${3:-null},format=yuv420p" \
    -c:v libx264 -preset veryslow -crf "${4:-30}" -movflags +faststart -an "$1.mp4"
  ffmpeg -hide_banner -loglevel error -y -ss 1.5 -i "$1.mp4" -frames:v 1 -q:v 4 "$1.jpg"
}

still() {
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$2" -frames:v 1 -vf "${3:-null}" -q:v 3 "$1.jpg"
}

clip neon-city "gradients=s=640x360:c0=0x1e0b3a:c1=0xd946ef:c2=0x06b6d4:c3=0x0f172a:n=4:speed=0.04:type=radial" "noise=alls=12:allf=t"
clip desert-dawn "gradients=s=640x360:c0=0x451a03:c1=0xf59e0b:c2=0xfde68a:x0=0:y0=360:x1=640:y1=0:n=3:speed=0.015" "vignette=PI/4"
clip deep-sea "mandelbrot=s=640x360:rate=24:maxiter=160:start_x=-0.7435:start_y=0.1314:start_scale=0.02:end_scale=0.004:outer=normalized_iteration_count" "hue=h=190:s=0.55,gblur=sigma=1.5,eq=brightness=-0.08" 36
clip aurora "gradients=s=640x360:c0=0x022c22:c1=0x10b981:c2=0x7c3aed:c3=0x020617:n=4:speed=0.03:type=spiral" "gblur=sigma=6"
clip ember "life=s=320x180:mold=10:r=24:ratio=0.1:death_color=#3b0a02:life_color=#f97316,scale=640:360:flags=neighbor" "gblur=sigma=1.2"
clip orbit "mandelbrot=s=640x360:rate=24:maxiter=200:start_scale=3:end_scale=0.8:inner=period" "hue=h=-30"
still glass-portrait "gradients=s=640x360:c0=0x0c4a6e:c1=0xe0f2fe:c2=0x0ea5e9:n=3:type=circular:seed=7" "noise=alls=6"
still ink-bloom "cellauto=s=320x180:rule=110:random_fill_ratio=0.5:stitch=1,scale=640:360:flags=neighbor" "colorchannelmixer=rr=0.05:gg=0.7:bb=0.85,gblur=sigma=1.5"
ls -la
