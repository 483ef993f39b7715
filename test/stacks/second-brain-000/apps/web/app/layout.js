export const metadata = { title: "Second Brain (berth seed stack 000)" };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
