import { useRef, useState, type ReactNode } from 'react';
import { fileUrl } from '../../../runner/values.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { captureFileName } from '../shared/capture-name.js';
import { FileDrop } from '../shared/FileDrop.js';
import { CameraIcon, ClipboardIcon, CloseIcon, ImageIcon, UploadIcon } from '../shared/icons.js';
import { canCaptureMedia, IMAGE_SOURCES, parseSources } from '../shared/media-sources.js';
import { domIds, str } from '../shared/props.js';
import { singleFileActions } from '../shared/single-file.js';
import { SourceBar, type Source } from '../shared/SourceBar.js';
import type { BlockProps } from '../types.js';
import { CLIPBOARD_HINTS, IMAGE_ACCEPT, imageFileProblem, unreadableImage } from './image-file.js';
import { readClipboardImage } from './read-clipboard.js';
import { usePasteImage } from './use-paste.js';
import { WebcamCapture } from './WebcamCapture.js';

/** Whether the browser can draw `file` (a file named .png may be anything). */
function canDecode(file: Blob): Promise<boolean> {
  return createImageBitmap(file).then(
    (bitmap) => {
      bitmap.close();
      return true;
    },
    () => false,
  );
}

/** A message under the image: a refused file (role alert) or advice (a status). */
type Note = { readonly kind: 'error' | 'hint'; readonly text: string } | null;

/**
 * Image: as an input, a drop zone that is also the picker, with Gradio's source buttons under it
 * (Upload, Webcam, Clipboard, as its `sources` allow), and Ctrl/Cmd+V; every way in ends as a
 * LocalFile and fires `change` and `upload`, like an upload. Only images are taken: anything else
 * is refused with its name and what to upload instead. As an output, the picture.
 */
export function Image(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const url = fileUrl(block.value);
  const alt = str(block.props, 'label') ?? 'Image';
  const actions = singleFileActions(block);
  const sources = parseSources(block.props.sources, IMAGE_SOURCES);
  const canUpload = block.interactive && sources.has('upload');
  const canPaste = block.interactive && sources.has('clipboard');
  const canWebcam = block.interactive && sources.has('webcam') && canCaptureMedia(navigator);
  const [webcam, setWebcam] = useState(false);
  const [own, setNote] = useState<Note>(null);
  // A refused file says more than "Upload an image first", which the page sets when a run needs one.
  const note: Note = own ?? (block.missing ? { kind: 'error', text: block.missing } : null);
  const root = useRef<HTMLDivElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  // Only what the browser can draw becomes the value: no broken picture, no server error later.
  const accept = (file: Blob, name: string, use: () => void, refuse: () => void = () => undefined): void => {
    void canDecode(file).then((ok) => {
      setNote(ok ? null : { kind: 'error', text: unreadableImage(name) });
      (ok ? use : refuse)();
    });
  };
  const take = (file: File): void => {
    const problem = imageFileProblem(file);
    if (problem) setNote({ kind: 'error', text: problem });
    else accept(file, file.name, () => actions.uploadFile(file));
  };
  const onPasted = (file: File): void =>
    take(file.name !== '' ? file : new File([file], captureFileName('pasted', file.type, new Date()), { type: file.type }));
  const paste = usePasteImage(block.id, root, canPaste, onPasted);
  const fromClipboard = async (): Promise<void> => {
    setWebcam(false);
    const result = await readClipboardImage(navigator.clipboard);
    if (result instanceof File) take(result);
    else setNote({ kind: 'hint', text: CLIPBOARD_HINTS[result] });
    root.current?.querySelector<HTMLElement>('input, [tabindex]')?.focus();
  };

  const preview = url ? (
    <figure className="media-preview image-frame">
      <img className="image-preview" src={url} alt={alt} />
      {block.interactive ? (
        <button
          type="button"
          className="icon-btn image-clear"
          onClick={() => {
            setNote(null);
            actions.remove();
          }}
          aria-label="Remove image"
          title="Remove image"
        >
          <CloseIcon />
        </button>
      ) : null}
    </figure>
  ) : null;

  if (!block.interactive) {
    return (
      <BlockFrame block={block} variant="plain">
        {preview ?? (
          <div className="empty image-empty" aria-labelledby={ids.label}>
            <ImageIcon className="image-empty-icon" />
            No image
          </div>
        )}
      </BlockFrame>
    );
  }

  const bar: Source[] = [
    ...(canUpload
      ? [
          {
            key: 'upload',
            label: 'Upload',
            icon: <UploadIcon />,
            pressed: !webcam,
            onPick: () => {
              setWebcam(false);
              picker.current?.click();
            },
          },
        ]
      : []),
    ...(canWebcam ? [{ key: 'webcam', label: 'Webcam', icon: <CameraIcon />, pressed: webcam, onPick: () => setWebcam(true) }] : []),
    ...(canPaste ? [{ key: 'clipboard', label: 'Clipboard', icon: <ClipboardIcon />, onPick: () => void fromClipboard() }] : []),
  ];
  const zone = canUpload ? (
    <FileDrop
      inputId={ids.input}
      inputRef={picker}
      accept={IMAGE_ACCEPT}
      hint="Drop an image here"
      detail={canPaste ? <span className="file-drop-paste">or paste one (Ctrl+V)</span> : null}
      check={imageFileProblem}
      onRefused={(text) => setNote({ kind: 'error', text })}
      onFiles={([file]) => {
        if (file)
          accept(
            file.blob,
            file.name,
            () => actions.upload([file]),
            () => URL.revokeObjectURL(file.previewUrl),
          );
      }}
    />
  ) : canPaste ? (
    <div className="file-drop paste-zone" tabIndex={0} role="group" aria-labelledby={ids.label} data-testid="paste-zone">
      <ClipboardIcon className="file-drop-icon" />
      <span className="file-drop-hint">Click here, then paste an image (Ctrl+V or ⌘V)</span>
    </div>
  ) : null;
  return (
    <BlockFrame block={block} variant={canUpload && !webcam && !url ? 'field' : 'plain'}>
      <div
        ref={root}
        className={block.missing && !url ? 'media-input is-invalid' : 'media-input'}
        data-paste-target={canPaste ? '' : undefined}
        onFocus={paste.onFocus}
        onPointerDown={paste.onFocus}
      >
        {webcam ? (
          <WebcamCapture
            labelledBy={ids.label}
            onCapture={(file) => {
              setWebcam(false);
              take(file);
            }}
            onClose={() => setWebcam(false)}
          />
        ) : (
          (preview ?? zone)
        )}
        {preview && canUpload ? (
          // The zone (and its input) is gone while a picture shows: Upload replaces it through this one.
          <input
            ref={picker}
            className="visually-hidden"
            type="file"
            accept={IMAGE_ACCEPT}
            tabIndex={-1}
            aria-hidden="true"
            onChange={(event) => {
              const [file] = Array.from(event.currentTarget.files ?? []);
              if (file) take(file);
              event.currentTarget.value = '';
            }}
          />
        ) : null}
        {note ? (
          <p
            className={note.kind === 'error' ? 'media-error' : 'media-status'}
            role={note.kind === 'error' ? 'alert' : 'status'}
            data-testid={note === own ? 'image-note' : 'input-missing'}
          >
            {note.text}
          </p>
        ) : null}
        {bar.length > 1 ? <SourceBar label={`${alt}: where the image comes from`} sources={bar} /> : null}
      </div>
    </BlockFrame>
  );
}
