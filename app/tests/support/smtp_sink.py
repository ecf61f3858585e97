"""A real SMTP server for the notification tests (aiosmtpd): every message it receives is
parsed and written as one JSON file into the folder given, so a test can count and read them.
It refuses, for good (550), any recipient whose address starts with "nobody@".

Usage: python3 smtp_sink.py HOST PORT FOLDER
"""
import email
import email.policy
import json
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("nobody@"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        plain = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg["subject"]),
            "message_id": str(msg["message-id"]),
            "content_language": msg.get("content-language"),
            "text": plain.get_content() if plain else None,
            "html": html.get_content() if html else None,
        }
        with self.lock:
            self.count += 1
            n = self.count
        name = f"{os.getpid()}-{n}.json"
        tmp = os.path.join(self.folder, "." + name)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        # Renamed into place so a reader never sees half a record.
        os.rename(tmp, os.path.join(self.folder, name))
        return "250 OK"


def main():
    host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Sink(folder), hostname=host, port=port)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
