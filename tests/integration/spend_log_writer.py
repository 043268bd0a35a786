"""A LiteLLM callback that writes each call's spend-log row as the proxy builds it (get_logging_payload, the
function that fills LiteLLM_SpendLogs) to a JSON Lines file: spend logs from LiteLLM itself, with no database.

Loaded by the proxy of tests/integration/test_litellm_hook.py; the file is $SPEND_LOG_FILE."""

from __future__ import annotations

import json
import os
from typing import Any

from litellm.integrations.custom_logger import CustomLogger
from litellm.proxy.spend_tracking.spend_tracking_utils import get_logging_payload


class SpendLogWriter(CustomLogger):
    """Appends one spend-log row per successful call."""

    async def async_log_success_event(self, kwargs: dict, response_obj: Any, start_time: Any,
                                      end_time: Any) -> None:
        row = get_logging_payload(kwargs, response_obj, start_time, end_time)
        with open(os.environ["SPEND_LOG_FILE"], "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row, default=str) + "\n")


spend_logs = SpendLogWriter()
