using System;
using System.Linq;
using FlexCodegen.Emulator;

// flex-emulator [--urls http://127.0.0.1:5080] [--account-sid AC...] [--auth-token ...]
// (in the repo: dotnet run --project tools/FlexCodegen.Emulator.Tool -- --urls ...)
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        flex-emulator: an emulator of Twilio's Flex Interactions API.
          --urls URL          where to listen (default http://127.0.0.1:5080, loopback only;
                              http://0.0.0.0:5080 listens on every interface)
          --account-sid SID   the account SID clients must use (default AC00000000000000000000000000000000)
          --auth-token TOKEN  the auth token clients must use (default emulator-auth-token)
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
};
await using var emulator = await FlexEmulator.StartAsync(options);
Console.WriteLine(emulator.Banner());
await emulator.WaitForShutdownAsync();
