using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Testing;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// Waiting for a state, not for a duration. Tests that move a fake clock first wait until the code under test is where
/// the clock matters (a request held by the server, a retry logged); nothing here bounds how long that may take, except
/// <see cref="HangGuard"/>, which only turns a hang (a bug) into a failure long before CI's own limit.
/// </summary>
internal static class StateWait
{
    /// <summary>Far beyond any load: reached only when the awaited state never comes.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Completes when <paramref name="logs"/> holds a record with <paramref name="eventId"/>: the collector hands each record
    /// over as it is written (<see cref="FakeLogCollector.GetLogsAsync"/>), so nothing polls and no interval is involved.
    /// </summary>
    public static async Task UntilLogged(FakeLogCollector logs, int eventId, string what)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await foreach (var record in logs.GetLogsAsync(guard.Token))
                if (record.Id.Id == eventId) return;
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
        }
        throw new TimeoutException("Never logged: " + what);
    }
}
