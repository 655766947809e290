/** The video's current frame, at its native size, as an image Blob (PNG unless `type` says otherwise). */
export function captureFrame(video: HTMLVideoElement, type = 'image/png'): Promise<Blob> {
  const { videoWidth: width, videoHeight: height } = video;
  if (width === 0 || height === 0) return Promise.reject(new Error('The camera has not sent a picture yet. Wait a moment and try again.'));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('This browser cannot draw the camera picture (no 2D canvas).'));
  context.drawImage(video, 0, 0, width, height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The camera picture could not be encoded.'))), type);
  });
}
