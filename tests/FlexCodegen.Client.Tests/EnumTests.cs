using System.Linq;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

public class EnumTests
{
    [Fact]
    public void Listed_values_are_members_with_their_exact_wire_text()
    {
        Assert.Equal("pause", InteractionChannelStatus.Pause.ToString()); // added by Twilio in 2025
        Assert.Equal("completed", InteractionTransferStatus.Completed.ToString());
        Assert.Equal("setup", InteractionChannelStatus.Setup.ToString());
        Assert.True(InteractionChannelStatus.Active.IsKnown);
        Assert.Contains(InteractionChannelStatus.Failed, InteractionChannelStatus.KnownValues);
        Assert.Equal(InteractionChannelStatus.KnownValues.Count, InteractionChannelStatus.KnownValues.Distinct().Count());
    }

    [Fact]
    public void An_unlisted_value_reads_without_error_and_keeps_its_text()
    {
        var channel = InteractionChannel.Parse("""{"sid":"UOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1","status":"paused-by-2027-feature"}""");
        Assert.Equal("paused-by-2027-feature", channel.Status!.Value.ToString());
        Assert.False(channel.Status.Value.IsKnown);
        Assert.Contains("\"status\":\"paused-by-2027-feature\"", channel.ToString());
    }

    [Fact]
    public void Names_follow_resource_plus_field()
    {
        Assert.Equal("sms", InteractionChannelType.Sms.ToString());
        Assert.Equal("warm", InteractionTransferType.Warm.ToString());
    }
}
