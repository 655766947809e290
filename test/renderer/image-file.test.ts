import { describe, expect, it } from 'vitest';
import { imageFileProblem, unreadableImage } from '../../renderer/components/blocks/image/image-file.js';
import { missingMessage } from '../../renderer/runner/required.js';

describe('imageFileProblem', () => {
  it('takes the image formats browsers show and the server reads, by type or (without one) by extension', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']) {
      expect(imageFileProblem({ name: 'x', type })).toBeNull();
    }
    expect(imageFileProblem({ name: 'scan.JPG', type: '' })).toBeNull();
  });

  it('refuses anything else with the file name and what to upload instead', () => {
    expect(imageFileProblem({ name: 'report.pdf', type: 'application/pdf' })).toBe(
      'That file is not an image (report.pdf). Upload a PNG, JPEG, WebP or GIF.',
    );
    expect(imageFileProblem({ name: 'notes', type: '' })).toBe('That file is not an image (notes). Upload a PNG, JPEG, WebP or GIF.');
    expect(imageFileProblem({ name: 'IMG_0001.HEIC', type: 'image/heic' })).toBe(
      'That image format is not supported (IMG_0001.HEIC). Upload a PNG, JPEG, WebP or GIF.',
    );
    expect(unreadableImage('photo.png')).toBe('That file could not be read as an image (photo.png). Upload a PNG, JPEG, WebP or GIF.');
  });
});

describe('missingMessage', () => {
  it('asks for what the input takes', () => {
    expect(missingMessage('image')).toBe('Upload an image first');
    expect(missingMessage('audio')).toBe('Record or upload audio first');
    expect(missingMessage('file')).toBe('Upload a file first');
  });
});
