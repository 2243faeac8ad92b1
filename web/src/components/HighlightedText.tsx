// A textarea whose problem spans are underlined: a layer behind the (transparent) textarea
// repeats the text with the flagged spans marked, so the user types into a plain textarea.
import { useRef } from 'preact/hooks';
import { segments } from '../compose';
import type { Problem } from '../types';

interface Props {
  id: string;
  value: string;
  problems: Problem[];
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
  onInput: (value: string) => void;
  textareaRef?: (element: HTMLTextAreaElement | null) => void;
}

export function HighlightedText({ id, value, problems, placeholder, describedBy, invalid, onInput, textareaRef }: Props) {
  const backdrop = useRef<HTMLDivElement>(null);
  const parts = segments(value, problems);
  return (
    <div class="highlighted">
      <div class="backdrop" ref={backdrop} aria-hidden="true">
        {parts.map((part, i) =>
          part.problem ? (
            <mark key={i} class={`flag ${part.problem.severity}`} data-code={part.problem.code} title={part.problem.message}>
              {part.text}
            </mark>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
        {/* a trailing newline needs a character after it to take up a line */}
        {value.endsWith('\n') ? ' ' : null}
      </div>
      <textarea
        id={id}
        ref={textareaRef}
        value={value}
        placeholder={placeholder}
        aria-describedby={describedBy}
        aria-invalid={invalid ? 'true' : undefined}
        rows={7}
        onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
        onScroll={(e) => backdrop.current && (backdrop.current.scrollTop = (e.target as HTMLTextAreaElement).scrollTop)}
      />
    </div>
  );
}
