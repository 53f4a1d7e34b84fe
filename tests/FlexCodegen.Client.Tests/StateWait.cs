using System;
using System.Threading.Tasks;

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

    /// <summary>Completes once <paramref name="state"/> holds, checking between yields to the thread pool.</summary>
    public static async Task Until(Func<bool> state, string what)
    {
        var started = DateTime.UtcNow;
        while (!state())
        {
            if (DateTime.UtcNow - started > HangGuard) throw new TimeoutException("Never reached: " + what);
            await Task.Delay(5);
        }
    }
}
