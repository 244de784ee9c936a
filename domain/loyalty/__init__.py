"""The loyalty bounded context: loyalty points, referrals, campaigns and contributions."""
