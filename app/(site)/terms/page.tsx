export const metadata = { title: "Terms" };

export default function TermsPage() {
  return (
    <article className="mx-auto max-w-3xl px-6 py-20 text-white/80 [&_h2]:mt-10 [&_h2]:text-xl [&_h2]:font-black [&_h2]:text-white [&_p]:mt-4">
      <h1 className="text-4xl font-black text-white">Terms of service</h1>
      <h2>Credits</h2>
      <p>
        Generations are paid in credits. The full price is reserved when you start a generation and refunded
        automatically, once, if the generation fails, times out or cannot be delivered.
      </p>
      <h2>Plans</h2>
      <p>
        Paid plans renew monthly. At each paid period your balance is topped up to the plan&apos;s amount; credits you
        already hold are kept. A cancelled plan keeps its access until the end of the paid period.
      </p>
      <h2>Content</h2>
      <p>
        You own what you create. Prompts that a provider refuses for safety reasons are refunded and not retried.
      </p>
    </article>
  );
}
