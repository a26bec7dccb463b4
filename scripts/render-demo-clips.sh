#!/usr/bin/env bash
# Renders the demo provider's clips (lib/providers/demo-clips): 5 s, marked DEMO, small enough to
# ship. Needs ffmpeg (Debian: apt-get install ffmpeg) and the DejaVu fonts; run it only to change them.
set -euo pipefail
cd "$(dirname "$0")/../lib/providers/demo-clips"
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
MARK="drawbox=x=12:y=12:w=96:h=32:color=0x06b6d4@1:t=fill,drawtext=fontfile=$FONT:text=DEMO:fontcolor=black:fontsize=21:x=24:y=18,drawtext=fontfile=$FONT:text='Nexora demo clip':fontcolor=white@0.85:fontsize=13:x=12:y=h-26,format=yuv420p"

render() {
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$2" -t 5 -r 24 -vf "$MARK" \
    -c:v libx264 -preset veryslow -crf 33 -movflags +faststart -an "$1.mp4"
}

render landscape-dunes "gradients=s=480x270:c0=0x0b1f3a:c1=0x06b6d4:c2=0xf59e0b:x0=0:y0=0:x1=480:y1=270:speed=0.02:n=3"
render landscape-neon "gradients=s=480x270:c0=0x1e0b3a:c1=0xd946ef:c2=0x06b6d4:n=3:speed=0.03:type=radial"
render landscape-fractal "mandelbrot=s=480x270:rate=24:maxiter=200:start_scale=2.5:end_scale=0.6"
render portrait-dunes "gradients=s=270x480:c0=0x0b1f3a:c1=0x06b6d4:c2=0xf59e0b:n=3:speed=0.02"
render portrait-neon "gradients=s=270x480:c0=0x1e0b3a:c1=0xd946ef:c2=0x06b6d4:n=3:speed=0.03:type=radial"
render portrait-fractal "mandelbrot=s=270x480:rate=24:maxiter=200:start_scale=2.5:end_scale=0.6"
