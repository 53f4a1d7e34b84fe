using System;

namespace FlexCodegen.Emulator;

/// <summary>
/// One attempt at delivering a TaskRouter event to a workspace's event callback URL, as
/// <see cref="FlexEmulator.Deliveries"/> lists it: a retry of the same event is another record, with the same
/// <see cref="EventSid"/> and <see cref="IdempotencyToken"/> and the next <see cref="Attempt"/>.
/// </summary>
/// <param name="EventSid">The event's SID (<c>EV</c> + 32 hex digits): the <c>Sid</c> form field, and the SID the Events list serves it under.</param>
/// <param name="EventType">The event's type, e.g. <c>task.created</c>: the <c>EventType</c> form field.</param>
/// <param name="WorkspaceSid">The workspace the event happened in.</param>
/// <param name="Url">The URL posted to, exactly as signed (<c>X-Twilio-Signature</c>): the callback URL without its fragment.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first retry, and so on.</param>
/// <param name="StatusCode">The HTTP status the receiver answered; null when no answer came (see <see cref="Error"/>).</param>
/// <param name="Error">Why no answer came (the connection failed, the attempt timed out, the address is not allowed); null when one did.</param>
/// <param name="At">When the attempt was sent, on the emulator's clock.</param>
/// <param name="IdempotencyToken">The <c>I-Twilio-Idempotency-Token</c> header: one per event, the same on every retry of it.</param>
/// <param name="NextAttemptAt">When the next attempt is due on the emulator's clock; null when none follows (delivered, a 4xx, or the last retry).</param>
public sealed record EventDelivery(
    string EventSid,
    string EventType,
    string WorkspaceSid,
    string Url,
    int Attempt,
    int? StatusCode,
    string? Error,
    DateTimeOffset At,
    string IdempotencyToken,
    DateTimeOffset? NextAttemptAt)
{
    /// <summary>The receiver answered 2xx: the event is delivered.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>Another attempt at the same event follows, at <see cref="NextAttemptAt"/>.</summary>
    public bool WillRetry => NextAttemptAt is not null;
}
