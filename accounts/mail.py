"""Mail sent after the answer: a request takes as long whether or not it sends anything.

Password-reset and sign-up requests must not tell, by how long they take, whether an address has an account;
talking to the mail server is by far their slowest part, so it happens in a thread of its own.
"""

import logging
import threading

logger = logging.getLogger("accounts.mail")
_in_flight = set()
_lock = threading.Lock()


def send_later(send, *args, **kwargs):
    """Call send(*args, **kwargs) (which renders and sends a message, without the database) in a new thread."""

    def run():
        try:
            send(*args, **kwargs)
        except Exception:  # a mail server's failure must not go unnoticed, nor reach anyone's page
            logger.exception("Sending an email failed")
        finally:
            with _lock:
                _in_flight.discard(thread)

    thread = threading.Thread(target=run, name="send-mail")
    with _lock:
        _in_flight.add(thread)
    thread.start()


def wait_for_mail(timeout=10):
    """Wait until every message handed to send_later() is sent (tests, and a clean shutdown)."""
    with _lock:
        threads = list(_in_flight)
    for thread in threads:
        thread.join(timeout)
