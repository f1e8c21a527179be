export { AwsChatbot, type AwsChatbotProps, CHATBOT_ROLE_ACTIONS } from "./aws-chatbot";
