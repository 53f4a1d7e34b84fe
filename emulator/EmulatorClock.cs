using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FlexCodegen.Emulator;

/// <summary>
/// A <see cref="TimeProvider"/> that stands still until a test moves it: pass it as <see cref="FlexEmulatorOptions.Clock"/>,
/// then <c>clock.Advance(TimeSpan.FromDays(181))</c>. Any other <see cref="TimeProvider"/> works too. What the emulator
/// waits for on its clock (an event callback's next attempt) happens when an <see cref="Advance"/> reaches it, never on
/// its own.
/// </summary>
public sealed class EmulatorClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<(DateTimeOffset At, TaskCompletionSource Reached)> _waits = new();
    private long _ticks;

    /// <summary>A clock that reads <paramref name="start"/> until it is advanced.</summary>
    /// <param name="start">The time the clock starts at.</param>
    public EmulatorClock(DateTimeOffset start) => _ticks = start.UtcTicks;

    /// <summary>The time the clock reads: its start plus every <see cref="Advance"/> so far.</summary>
    /// <returns>The current time, in UTC.</returns>
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    /// <summary>Moves the clock on, and lets go of what the emulator was waiting for up to the new time.</summary>
    /// <param name="by">How far.</param>
    public void Advance(TimeSpan by)
    {
        var due = new List<TaskCompletionSource>();
        lock (_gate)
        {
            var now = new DateTimeOffset(Interlocked.Add(ref _ticks, by.Ticks), TimeSpan.Zero);
            for (int i = _waits.Count - 1; i >= 0; i--)
            {
                if (_waits[i].At > now) continue;
                due.Add(_waits[i].Reached);
                _waits.RemoveAt(i);
            }
        }
        // Outside the lock: a continuation may read the clock or wait again.
        foreach (var reached in due) reached.TrySetResult();
    }

    /// <summary>
    /// Completes once the clock reads <paramref name="at"/> or later. The moment is absolute, so an
    /// <see cref="Advance"/> that happens between the caller reading the clock and calling this is not missed (a
    /// relative delay would start late and wait for another advance that no test makes).
    /// </summary>
    internal Task WhenReached(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (GetUtcNow() >= at) return Task.CompletedTask;
            _waits.Add((at, reached));
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_gate) _waits.RemoveAll(w => w.Reached == reached);
                reached.TrySetCanceled(cancellationToken);
            });
            _ = reached.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return reached.Task;
    }

    /// <summary>
    /// Completes once <paramref name="clock"/> reads <paramref name="at"/> or later: an <see cref="EmulatorClock"/> when
    /// a test advances it past that moment, any other <see cref="TimeProvider"/> after the time left, on its own timers.
    /// </summary>
    internal static Task WhenReached(TimeProvider clock, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (clock is EmulatorClock emulatorClock) return emulatorClock.WhenReached(at, cancellationToken);
        var left = at - clock.GetUtcNow();
        return left <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(left, clock, cancellationToken);
    }
}
