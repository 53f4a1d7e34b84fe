using System;
using System.Linq;
using FlexCodegen.Emulator;

// Standalone: dotnet run --project emulator -- --urls http://127.0.0.1:5080 [--account-sid AC...] [--auth-token ...]
string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var options = new FlexEmulatorOptions
{
    Urls = Arg("--urls", "http://127.0.0.1:5080"),
    AccountSid = Arg("--account-sid", new FlexEmulatorOptions().AccountSid),
    AuthToken = Arg("--auth-token", new FlexEmulatorOptions().AuthToken),
};
await using var emulator = await FlexEmulator.StartAsync(options);
Console.WriteLine(emulator.Banner());
await emulator.WaitForShutdownAsync();
