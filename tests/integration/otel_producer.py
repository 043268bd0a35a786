"""A real OpenTelemetry producer: the OpenAI client, instrumented by opentelemetry-instrumentation-openai-v2,
calls an OpenAI-compatible URL; the SDK's OTLP JSON file exporter writes the spans.

Run as `python otel_producer.py URL OUT CAPTURE` (CAPTURE: SPAN_ONLY or NO_CONTENT); each account is set as
baggage, which BaggageSpanProcessor copies onto the model-call span as user.id (how apps tag spans)."""

from __future__ import annotations

import os
import sys

ACCOUNTS = {"acct_alice": ["Explain photosynthesis simply.", "And in one sentence?"],
            "acct_bob": ["Write a haiku about tides."],
            "acct_carol": ["Think step by step: what is 17 * 23?", "Show your reasoning.",
                           "Now 19 * 21, step by step."]}


def main(url: str, out: str, capture: str) -> None:
    os.environ["OTEL_SEMCONV_STABILITY_OPT_IN"] = "gen_ai_latest_experimental"
    os.environ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = capture
    from openai import OpenAI
    from opentelemetry import baggage, context
    from opentelemetry.exporter.otlp.json.file import FileSpanExporter
    from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor
    from opentelemetry.processor.baggage import ALLOW_ALL_BAGGAGE_KEYS, BaggageSpanProcessor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": "chat-app"}))
    provider.add_span_processor(BaggageSpanProcessor(ALLOW_ALL_BAGGAGE_KEYS))
    provider.add_span_processor(BatchSpanProcessor(FileSpanExporter(out)))
    OpenAIInstrumentor().instrument(tracer_provider=provider)
    client = OpenAI(base_url=f"{url}/v1", api_key="sk-test", max_retries=0)
    for account, prompts in ACCOUNTS.items():
        token = context.attach(baggage.set_baggage("user.id", account))
        try:
            for prompt in prompts:
                client.chat.completions.create(
                    model="m1", max_tokens=256, temperature=0.0,
                    messages=[{"role": "system", "content": "You are terse."},
                              {"role": "user", "content": prompt}])
        finally:
            context.detach(token)
    provider.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:4])
