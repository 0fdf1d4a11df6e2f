export default function EditorPage(_props: { designId: number }) {
  return null;
}
