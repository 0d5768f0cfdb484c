-- Agent identity by client certificate (issue 10): the certificate Berth's CA issued the host's
-- agent at enrollment. Its link is accepted by this certificate only (mutual TLS); hosts enrolled
-- before certificates (both columns null) keep their bearer credential until they enroll again.
alter table host add column cert_serial text;
alter table host add column cert_fingerprint text unique;
alter table host add column cert_not_after timestamptz;
