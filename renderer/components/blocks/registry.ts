import { Audio } from './audio/Audio.js';
import { Button } from './button/Button.js';
import { Chatbot } from './chatbot/Chatbot.js';
import { Checkbox } from './checkbox/Checkbox.js';
import { Dataframe } from './dataframe/Dataframe.js';
import { Dropdown } from './dropdown/Dropdown.js';
import { File } from './file/File.js';
import { Gallery } from './gallery/Gallery.js';
import { HighlightedText } from './highlightedtext/HighlightedText.js';
import { Image } from './image/Image.js';
import { Json } from './json/Json.js';
import { Label } from './label/Label.js';
import { Markdown } from './markdown/Markdown.js';
import { NumberInput } from './number/NumberInput.js';
import { Radio } from './radio/Radio.js';
import { Slider } from './slider/Slider.js';
import { State } from './state/State.js';
import { Textbox } from './textbox/Textbox.js';
import type { BlockComponent } from './types.js';

/** Component kind (config `type`) → the block that draws it; shared by runner and editor. */
export const BLOCKS: Readonly<Record<string, BlockComponent>> = {
  textbox: Textbox,
  number: NumberInput,
  slider: Slider,
  checkbox: Checkbox,
  dropdown: Dropdown,
  radio: Radio,
  label: Label,
  json: Json,
  markdown: Markdown,
  button: Button,
  image: Image,
  file: File,
  audio: Audio,
  highlightedtext: HighlightedText,
  chatbot: Chatbot,
  dataframe: Dataframe,
  gallery: Gallery,
  state: State,
};

export function blockFor(type: string): BlockComponent | undefined {
  return Object.hasOwn(BLOCKS, type) ? BLOCKS[type] : undefined;
}
