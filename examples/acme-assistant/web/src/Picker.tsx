export function Picker() {
  return (
    <select defaultValue="gemini-2.5-flash">
      <option value="gemini-2.5-flash">Gemini 2.5 Flash</option>
      <option value="mistral-large-2411">Mistral Large</option>
    </select>
  );
}
