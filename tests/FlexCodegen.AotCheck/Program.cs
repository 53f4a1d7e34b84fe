using System;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;

// Native AOT: a fetch, an update and a paged list against the server named by the first argument.
using var client = new FlexClient(new TwilioClientOptions
{
    AccountSid = "AC" + new string('a', 32),
    AuthToken = "aot-token",
    BaseAddress = new Uri(args[0]),
    Retry = new RetryOptions { MaxRetries = 0 },
});
var interaction = InteractionSid.Parse("KD" + new string('a', 32));
var channel = client.Interactions[interaction].Channels[InteractionChannelSid.Parse("UO" + new string('a', 31) + "1")];

var fetched = await channel.FetchAsync();
var updated = await channel.UpdateAsync(UpdateInteractionChannelRequest.CreateBuilder().WithStatus(InteractionChannelUpdateChannelStatus.Closed).Build());
int participants = 0;
await foreach (var participant in channel.Participants.ListAsync())
    if (participant.Sid is not null) participants++;

Console.WriteLine($"fetch {fetched.Status} update {updated.Status} list {participants}");
