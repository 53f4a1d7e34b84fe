using System;
using System.Threading;

namespace FlexCodegen.Emulator;

/// <summary>A clock tests can move: <c>emu.Clock.Advance(TimeSpan.FromDays(181))</c>.</summary>
public sealed class EmulatorClock : TimeProvider
{
    private long _ticks;

    public EmulatorClock(DateTimeOffset start) => _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
