<?php
// PostHog::capture(['event' => 'commented']);
PostHog::capture([
    'distinctId' => $user->id,
    'event' => 'invoice_sent',
]);
