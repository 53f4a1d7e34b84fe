using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace FlexCodegen.Packaging.Tests;

/// <summary>The README's "Test against the emulator", followed by someone who has only the packages.</summary>
[Collection(nameof(PackageCollection))]
public class EmulatorPackageTests
{
    private readonly PackageFixture _package;

    public EmulatorPackageTests(PackageFixture package) => _package = package;

    private const string Test = """
        using FlexCodegen.Emulator;
        using FlexCodegen.Runtime;
        using Twilio;
        using Twilio.Flex.V1;
        using Xunit;

        public class OutboundSmsTests
        {
            [Fact]
            public async Task An_outbound_sms_interaction_gets_a_channel_that_becomes_active()
            {
                var clock = new EmulatorClock(DateTimeOffset.UtcNow);
                await using var emu = await FlexEmulator.StartAsync(new FlexEmulatorOptions { Clock = clock, SetupDuration = TimeSpan.FromSeconds(1) });
                // This project's appsettings.json names a Kestrel endpoint on every interface: the emulator stays on loopback.
                Assert.All(emu.ListenAddresses, a => Assert.Equal("127.0.0.1", a.Host));

                using var client = new FlexClient(new TwilioClientOptions { AccountSid = emu.AccountSid, AuthToken = emu.AuthToken, BaseAddress = emu.BaseAddress });
                var interaction = await client.Interactions.CreateAsync(CreateInteractionRequest.CreateBuilder()
                    .WithChannel(new InteractionChannelSpec
                    {
                        Type = InteractionChannelType.Sms,
                        InitiatedBy = InteractionInitiatedBy.Api,
                        Participants = new[] { new InteractionParticipantSpec { Address = "+13115552368", ProxyAddress = "+14155559999" } },
                    })
                    .WithRouting(new InteractionRouting { Properties = new InteractionRoutingProperties { WorkspaceSid = WorkspaceSid.Parse("WS" + new string('a', 32)), TaskChannelUniqueName = "sms" } })
                    .Build());

                var channel = client.Interactions[interaction.Sid!.Value].Channels[interaction.Channel!.Sid!.Value];
                var fetched = await channel.FetchAsync();
                Assert.Equal(interaction.Channel.Sid, fetched.Sid);
                Assert.Equal("sms", fetched.Type?.ToString());
                Assert.Equal("setup", fetched.Status?.ToString());

                clock.Advance(TimeSpan.FromSeconds(1));
                Assert.Equal("active", (await channel.FetchAsync()).Status?.ToString());
                Assert.Single(emu.Tasks(fetched.Sid!.Value.ToString()));
            }
        }
        """;

    [Fact]
    public void A_fresh_xunit_project_with_only_the_packages_tests_the_generated_client_against_the_emulator()
    {
        string dir = _package.NewTestProject("EmulatorConsumerTests", Test,
            """<None Update="appsettings.json" CopyToOutputDirectory="PreserveNewest" />""");
        File.WriteAllText(Path.Combine(dir, "appsettings.json"), """{ "Kestrel": { "Endpoints": { "Http": { "Url": "http://0.0.0.0:5081" } } } }""");

        string output = PackageFixture.Run(dir, "dotnet", "test");

        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+1,", output);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The standalone emulator as someone installs it: a .NET tool from the feed, whose banner says how to connect.</summary>
[Collection(nameof(PackageCollection))]
public class EmulatorToolTests
{
    private readonly PackageFixture _package;

    public EmulatorToolTests(PackageFixture package) => _package = package;

    [Fact]
    public async Task The_installed_flex_emulator_prints_where_it_listens_and_the_credentials_it_accepts()
    {
        string toolPath = Path.Combine(_package.Root, "tools");
        PackageFixture.Run(_package.Root, "dotnet", $"tool install FlexCodegen.Emulator.Tool --tool-path \"{toolPath}\" --add-source \"{_package.Feed}\" --version {_package.Version}");

        var start = new ProcessStartInfo(Path.Combine(toolPath, OperatingSystem.IsWindows() ? "flex-emulator.exe" : "flex-emulator"),
            "--urls http://127.0.0.1:0 --auth-token my-test-token")
        { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        try
        {
            var banner = new StringBuilder();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is string line)
            {
                banner.AppendLine(line);
                if (line.Contains("Ctrl+C", StringComparison.Ordinal)) break;
            }
            string text = banner.ToString();
            var address = Regex.Match(text, @"clients on this machine: (http://127\.0\.0\.1:\d+/)");
            Assert.True(address.Success, text);
            // A token the user chose may be one they use elsewhere: the banner names the account, never that token.
            Assert.Contains("account SID AC00000000000000000000000000000000, auth token (the one given; not shown)", text);
            Assert.DoesNotContain("my-test-token", text, StringComparison.Ordinal);

            // And it answers with those credentials (an unknown interaction: Twilio's 404), and refuses others.
            using var http = new HttpClient();
            var request = new HttpRequestMessage(HttpMethod.Get, address.Groups[1].Value + "v1/Interactions/KD" + new string('a', 32));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("AC00000000000000000000000000000000:my-test-token")));
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(address.Groups[1].Value + "v1/Interactions/KD" + new string('a', 32))).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
