using System;
using System.Linq;
using FlexCodegen.Emulator;

// flex-emulator [--urls http://127.0.0.1:5080] [--account-sid AC...] [--auth-token ...] [--event-callback-url http://127.0.0.1:5000/events]
// (in the repo: dotnet run --project tools/FlexCodegen.Emulator.Tool -- --urls ...)
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        flex-emulator: an emulator of Twilio's Flex Interactions API.
          --urls URL          where to listen (default http://127.0.0.1:5080, loopback only;
                              http://0.0.0.0:5080 listens on every interface)
          --account-sid SID   the account SID clients must use (default AC00000000000000000000000000000000)
          --auth-token TOKEN  the auth token clients must use (default emulator-auth-token)
          --event-callback-url URL
                              where every workspace posts TaskRouter's events for the emulator's tasks
                              (task.created, reservation.accepted, task.completed, ...), form-encoded and
                              signed with the auth token as Twilio signs them; loopback http(s) only
                              (localhost, 127.0.0.0/8, [::1]). Update Workspace's EventCallbackUrl changes
                              it per workspace. Every event is also listed at /v1/Workspaces/WS.../Events.
        The banner prints the credentials and the address to give a client.
        """);
    return;
}

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var defaults = new FlexEmulatorOptions();
var options = new FlexEmulatorOptions
{
    Urls = Arg("--urls", "http://127.0.0.1:5080"),
    AccountSid = Arg("--account-sid", defaults.AccountSid),
    AuthToken = Arg("--auth-token", defaults.AuthToken),
    EventCallbackUrl = Arg("--event-callback-url", "") is { Length: > 0 } callback ? callback : null,
};
FlexEmulator emulator;
try
{
    emulator = await FlexEmulator.StartAsync(options);
}
catch (ArgumentException ex)
{
    // A callback URL the emulator will not call: say which and why, not a stack trace.
    string why = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
    Console.Error.WriteLine("flex-emulator: --event-callback-url refused: " + why);
    Environment.ExitCode = 2;
    return;
}
await using var _ = emulator;
Console.WriteLine(emulator.Banner());
await emulator.WaitForShutdownAsync();
