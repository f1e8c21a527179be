export {
  AwsNotifications,
  type AwsNotificationsProps,
  type NotificationSubscription,
  type SubscriptionProtocol,
} from "./aws-notifications";
